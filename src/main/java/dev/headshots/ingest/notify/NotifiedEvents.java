package dev.headshots.ingest.notify;

import java.util.Set;

import dev.headshots.ingest.outbox.LifecycleEvent;
import dev.headshots.ingest.outbox.StoredEvent;

/**
 * The event types that are sent to tenants' handlers as well as to Kafka. Every event written to the outbox whose type is here
 * gets a delivery in the same transaction ({@link Deliveries#decide}); to notify a new type, add it here.
 */
public final class NotifiedEvents {

    static final Set<String> TYPES = Set.of(StoredEvent.TYPE, LifecycleEvent.TIMED_OUT, LifecycleEvent.CANCELLED,
            LifecycleEvent.DELETED);

    private NotifiedEvents() {
    }

    public static boolean includes(String type) {
        return TYPES.contains(type);
    }
}
