package dev.headshots.ingest.callback;

/** Kafka topic names shared by the code, the local stack and the Kubernetes manifests. */
public final class Topics {

    /** Accepted callbacks, keyed by {@code headshots_id}. */
    public static final String CALLBACKS = "runflow.headshots.callbacks";

    /** Records of {@link #CALLBACKS} that could not be read, with the error in their headers. */
    public static final String CALLBACKS_DLQ = "runflow.headshots.callbacks.dlq";

    /** Terminal job events for downstream services. */
    public static final String STORED = "headshots.stored";

    /** Events about a job that are not its outcome, keyed by {@code headshots_id}: {@code headshots.timed_out}. */
    public static final String LIFECYCLE = "headshots.lifecycle";

    private Topics() {
    }
}
