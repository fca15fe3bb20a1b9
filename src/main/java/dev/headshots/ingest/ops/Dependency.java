package dev.headshots.ingest.ops;

/**
 * A service that a callback needs once accepted. Kafka is not one of them here: publishing a callback already waits for the
 * broker's acknowledgement, so a broker that is down answers 503 by itself.
 */
public enum Dependency {

    /** Job state and deduplication. */
    POSTGRES,

    /** Our bucket, which receives the images. */
    OBJECT_STORE
}
