package dev.headshots.ingest.notify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the notifications to tenants' own handlers, under {@code headshots.notify}. */
@ConfigMapping(prefix = "headshots.notify")
public interface NotifyConfig {

    /**
     * Allows plain http and loopback, private, CGNAT and unique-local addresses for notify URLs (never metadata, link-local,
     * multicast or reserved ones), and logs a warning at startup. For the local stack and tests only.
     */
    @WithDefault("false")
    boolean allowPrivateNetworks();

    /**
     * Keys that seal tenants' signing secrets at rest (AES-256-GCM), each 32 bytes in base64; the first seals new secrets,
     * every one opens what it sealed, so a key can be rotated by putting the new one first. None: no signing secret can be
     * created (409) and deliveries wait.
     */
    Optional<List<String>> secretKeys();

    /** How long the signing secret replaced by a new one keeps signing beside it (two {@code v1,} signatures). */
    @WithDefault("24h")
    Duration rotationOverlap();

    /** How long a delivery is retried after its event was decided (or after a redelivery) before it is {@code FAILED}. */
    @WithDefault("72h")
    Duration maxAge();

    /** Time allowed for one attempt: name lookup, connection, request and the answer's first bytes up to the cap. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** Most of an answer's body read; the connection is closed past it. */
    @WithDefault("64K")
    MemorySize maxResponseBytes();

    /** Deliveries in flight at once in this instance. */
    @WithDefault("32")
    int concurrency();

    /** Deliveries in flight at once to one host, across all instances, so that a slow customer cannot starve the others. */
    @WithDefault("4")
    int perHostConcurrency();

    /** How often each instance looks for due deliveries and lapsed claims, besides when a job finishes. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Delay before the first retry; it doubles on each further attempt, with jitter. */
    @WithDefault("5s")
    Duration backoffInitial();

    /** Upper bound of the delay between two attempts (and of a {@code Retry-After} honoured). */
    @WithDefault("1h")
    Duration backoffMax();

    /** Attempts answered with a 4xx other than 408, 410 and 429 (or a 3xx) after which a delivery is {@code FAILED}. */
    @WithDefault("3")
    int clientErrorAttempts();
}
