package dev.headshots.ingest.ops;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the checks that close the callback intake while Postgres or the bucket is down, under {@code headshots.ops}. */
@ConfigMapping(prefix = "headshots.ops")
public interface OpsConfig {

    /** How often Postgres and the bucket are probed; a callback is refused with 503 while the last probe found one down. */
    @WithDefault("2s")
    Duration probeInterval();

    /** Time a probe may take before its dependency counts as down. */
    @WithDefault("1s")
    Duration probeTimeout();
}
