package dev.headshots.ingest.outbox;

/**
 * Fired (CDI) once a transaction that wrote events to the outbox has committed: whatever sends them on (the relay to Kafka, the
 * notifications to tenants' handlers) looks at once instead of at its next poll.
 */
public record EventsWritten() {
}
