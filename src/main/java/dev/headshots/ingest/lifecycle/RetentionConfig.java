package dev.headshots.ingest.lifecycle;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long the installation keeps personal data, under {@code headshots.retention}. A tenant may set shorter periods of its own
 * ({@code retention_images}, {@code retention_tombstones}); the shorter one applies.
 */
@ConfigMapping(prefix = "headshots.retention")
public interface RetentionConfig {

    /** The shortest a tombstone is kept: the 7-day cap on Runflow's URL deadlines, after which no redelivery can fetch. */
    Duration MIN_TOMBSTONES = Duration.ofDays(7);

    /**
     * Finished jobs' images are erased (reason {@code retention}) this long after the job finished; empty (the default): kept.
     */
    @WithDefault("")
    Optional<Duration> images();

    /** Tombstones of erased jobs are removed this long after the erasure; never less than 7d (the URL deadline cap). */
    @WithDefault("30d")
    Duration tombstones();
}
