package dev.headshots.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the durable retry queue in Postgres: backoff, deadlines, and the leases of claimed images, under
 * {@code headshots.retry}.
 */
@ConfigMapping(prefix = "headshots.retry")
public interface RetryConfig {

    /**
     * This instance's name on the claims it holds ({@code lease_owner}), by default the host name (the pod's name in
     * Kubernetes). A random suffix drawn at each start is always added, so that a restarted process (a container restarted in
     * the same pod) never mistakes the claims of the one that died for its own.
     */
    @WithDefault("${HOSTNAME:headshots-ingest}")
    String instanceId();

    /**
     * How long a claim on an image lasts unless renewed; the holder renews it every third of this. A claim of an instance that
     * died is taken over once it runs out.
     */
    @WithDefault("30s")
    Duration lease();

    /** How often each instance looks for due retries and for claims to take over. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Most images claimed in one look; never more than the download slots free at that moment. */
    @WithDefault("32")
    int batchSize();

    /** Delay before the first retry; it doubles on each further attempt, with jitter. */
    @WithDefault("1s")
    Duration backoffInitial();

    /** Upper bound of the delay between two attempts. Transient failures are retried until the URL's deadline. */
    @WithDefault("5m")
    Duration backoffMax();

    /**
     * Attempts, the first included, after which an image whose URL answers 403 before its deadline is {@code FAILED} (a 403
     * after the deadline makes it {@code EXPIRED} at once).
     */
    @WithDefault("3")
    int forbiddenAttempts();

    /**
     * The deadline of a source URL that does not state its own expiry ({@code X-Amz-Date} + {@code X-Amz-Expires}, or
     * {@code Expires}), counted from when the callback was received. Runflow documents 24 h.
     */
    @WithDefault("24h")
    Duration urlLifetime();
}
