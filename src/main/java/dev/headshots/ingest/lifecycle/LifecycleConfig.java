package dev.headshots.ingest.lifecycle;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How erasure and retention run, under {@code headshots.lifecycle}; the retention periods are {@link RetentionConfig}. */
@ConfigMapping(prefix = "headshots.lifecycle")
public interface LifecycleConfig {

    /** How often each instance looks for erasures that are due (new ones wake it at once). */
    @WithDefault("5s")
    Duration erasurePollInterval();

    /** Erasures one instance works on at once. */
    @WithDefault("4")
    int erasureConcurrency();

    /** Wait before an erasure pass that failed (the bucket down) is tried again; it is tried until it succeeds. */
    @WithDefault("30s")
    Duration erasureRetry();

    /** How often each instance looks for jobs and tombstones past their retention. */
    @WithDefault("1m")
    Duration retentionInterval();

    /** Jobs and tombstones one retention round takes at most, per kind. */
    @WithDefault("100")
    int retentionBatch();
}
