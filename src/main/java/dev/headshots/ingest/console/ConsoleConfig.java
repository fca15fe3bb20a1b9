package dev.headshots.ingest.console;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the operator console under {@code /console}, under {@code headshots.console}. */
@ConfigMapping(prefix = "headshots.console")
public interface ConsoleConfig {

    /** Whether this instance serves the console at all; off, every {@code /console} path answers 404. */
    @WithDefault("true")
    boolean enabled();

    /** A session unused for this long has ended; the operator signs in again. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** A session ends this long after its sign-in, however active it was. */
    @WithDefault("12h")
    Duration maxAge();

    /** Whether the session cookie is {@code Secure} (sent over https only); off in dev and test, which serve plain http. */
    @WithDefault("true")
    boolean secureCookie();

    /** Jobs per page of the jobs list. */
    @WithDefault("25")
    int pageSize();
}
