package dev.headshots.ingest.ops;

import io.smallrye.mutiny.Uni;

/**
 * Whether the bucket answers, for {@link DependencyGate}: implemented where the bucket is written ({@code copy.ObjectStore}),
 * so that this package, which every step reads, reads none of them.
 */
public interface BucketProbe {

    /** Completes if the bucket answers, fails if not. */
    Uni<Void> checkBucket();
}
