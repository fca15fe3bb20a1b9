package dev.headshots.ingest.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.notify.Deliveries;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes an event into the transactional outbox, inside the caller's transaction, and decides in the same transaction its
 * delivery to the job's tenant's handler ({@link Deliveries#decide}, for the notified event types), so that an event and its
 * notification exist together or not at all. The event id is the primary key: writing the same event again adds nothing. Every
 * event of the service is written here.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox_event (id, topic, record_key, payload, tenant_id, traceparent) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (id) DO NOTHING""";

    private final Deliveries deliveries;

    public Outbox(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    /**
     * One event: its CloudEvents id and type, the topic, the job it is about (the record key), its bytes and tenant, and the
     * {@code traceparent} of the span that wrote it (null untraced).
     */
    public record Event(UUID id, String type, String topic, UUID headshotsId, String payload, String tenantId,
            String traceparent) {
    }

    public Uni<Void> write(SqlConnection sql, Event event) {
        return sql.preparedQuery(INSERT)
                .execute(Tuple.of(event.id(), event.topic(), event.headshotsId().toString(), event.payload(), event.tenantId(),
                        event.traceparent()))
                .chain(() -> deliveries.decide(sql, event.id(), event.type(), event.headshotsId()));
    }
}
