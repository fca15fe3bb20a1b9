package dev.headshots.ingest.notify;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the {@code /v1} API reads and asks of deliveries, always within the caller's tenant: a job's latest delivery, the
 * tenant's deliveries by status (keyset pages by decision order, newest first), and a redelivery of a job's latest event with
 * the same {@code webhook-id}, to the URL the job or its tenant has now. A job being erased, or erased, is never sent again.
 */
@ApplicationScoped
public class NotificationRecords {

    private static final String LATEST = "SELECT " + NotificationView.COLUMNS
            + " FROM notification WHERE headshots_id = $1 AND tenant_id = $2 ORDER BY seq DESC LIMIT 1";

    private static final String PAGE = "SELECT " + NotificationView.COLUMNS
            + " FROM notification WHERE tenant_id = $1 AND ($2::varchar IS NULL OR status = $2) AND seq < $3"
            + " ORDER BY seq DESC LIMIT $4";

    private static final String LOCK_JOB = """
            SELECT j.notify_url IS NULL AS tenant_endpoint, coalesce(j.notify_url, t.notify_url) AS url,
                   t.notify_disabled_at IS NOT NULL AS disabled, j.status IN ('DELETING', 'DELETED') AS erased
            FROM headshot_job j JOIN tenant t ON t.id = j.tenant_id
            WHERE j.headshots_id = $1 AND j.tenant_id = $2 FOR UPDATE OF j""";

    /** The job's latest notified event, and whether it has a delivery (none if there was no URL when it was decided). */
    private static final String LATEST_EVENT = """
            SELECT o.id, o.payload::jsonb ->> 'type' AS type,
                   EXISTS (SELECT 1 FROM notification n WHERE n.event_id = o.id) AS delivered
            FROM outbox_event o WHERE o.record_key = $1 AND o.payload::jsonb ->> 'type' = ANY($2)
            ORDER BY o.created_at DESC LIMIT 1""";

    private static final String LATEST_DELIVERY = "SELECT " + NotificationView.COLUMNS
            + " FROM notification WHERE headshots_id = $1 ORDER BY seq DESC LIMIT 1";

    /** The URL is typed once ({@code $3::text}): used twice untyped, Postgres infers two types for it. */
    private static final String REDELIVER = """
            UPDATE notification SET status = 'PENDING', next_attempt_at = now(), attempts = 0, client_errors = 0,
                   retry_until = now() + make_interval(secs => $2), delivered_at = NULL, redeliveries = redeliveries + 1,
                   url = $3::text, host = %s, tenant_endpoint = $4, updated_at = now()
            WHERE event_id = $1 AND status IN ('DELIVERED', 'FAILED')
            RETURNING\s""".formatted(Deliveries.hostOf("$3::text")) + NotificationView.COLUMNS;

    private final Pool pool;
    private final Deliveries deliveries;
    private final double maxAgeSeconds;

    public NotificationRecords(Pool pool, Deliveries deliveries, NotifyConfig config) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.maxAgeSeconds = config.maxAge().toMillis() / 1000.0;
    }

    /** The latest delivery of job {@code id} if it is {@code tenantId}'s; null if there is none. */
    public Uni<NotificationView> latestOf(UUID id, String tenantId) {
        return pool.preparedQuery(LATEST).execute(Tuple.of(id, tenantId)).map(NotificationRecords::first);
    }

    /** Up to {@code limit} of the tenant's deliveries decided before {@code before} (a {@code seq}), newest first. */
    public Uni<List<Row>> page(String tenantId, String status, long before, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.from(Arrays.asList(tenantId, status, before, limit)))
                .map(rows -> rows.stream().toList());
    }

    /** Sends job {@code id}'s latest event again, with its id; what happened says whether it could. */
    public Uni<Redelivery> redeliver(UUID id, String tenantId) {
        return pool.withTransaction(sql -> sql.preparedQuery(LOCK_JOB).execute(Tuple.of(id, tenantId)).chain(jobs -> {
            if (jobs.size() == 0) {
                return Uni.createFrom().item(Redelivery.of(Redelivery.Outcome.UNKNOWN_JOB));
            }
            Row job = jobs.iterator().next();
            if (job.getBoolean("erased")) {
                return Uni.createFrom().item(Redelivery.of(Redelivery.Outcome.ERASED));
            }
            if (job.getString("url") == null) {
                return Uni.createFrom().item(Redelivery.of(Redelivery.Outcome.NO_URL));
            }
            if (job.getBoolean("tenant_endpoint") && job.getBoolean("disabled")) {
                return Uni.createFrom().item(Redelivery.of(Redelivery.Outcome.ENDPOINT_DISABLED));
            }
            return ensureDelivery(sql, id).chain(decided -> sql.preparedQuery(LATEST_DELIVERY).execute(Tuple.of(id))
                    .chain(latest -> reset(sql, decided, latest, job)));
        }));
    }

    /** Decides a delivery of the job's latest event if it has none; true if it did. */
    private Uni<Boolean> ensureDelivery(SqlConnection sql, UUID id) {
        return sql.preparedQuery(LATEST_EVENT)
                .execute(Tuple.of(id.toString(), NotifiedEvents.TYPES.toArray(String[]::new)))
                .chain(events -> {
                    if (events.size() == 0 || events.iterator().next().getBoolean("delivered")) {
                        return Uni.createFrom().item(false);
                    }
                    Row event = events.iterator().next();
                    return deliveries.decide(sql, event.getUUID("id"), event.getString("type"), id).replaceWith(true);
                });
    }

    private Uni<Redelivery> reset(SqlConnection sql, boolean decided, RowSet<Row> latest, Row job) {
        if (latest.size() == 0) {
            return Uni.createFrom().item(Redelivery.of(Redelivery.Outcome.NO_EVENT));
        }
        Row delivery = latest.iterator().next();
        if (decided) {
            return Uni.createFrom().item(new Redelivery(Redelivery.Outcome.STARTED, NotificationView.from(delivery)));
        }
        return sql.preparedQuery(REDELIVER)
                .execute(Tuple.of(delivery.getUUID("event_id"), maxAgeSeconds, job.getString("url"),
                        job.getBoolean("tenant_endpoint")))
                .map(rows -> rows.size() == 0
                        ? Redelivery.of(Redelivery.Outcome.IN_PROGRESS)
                        : new Redelivery(Redelivery.Outcome.STARTED, first(rows)));
    }

    private static NotificationView first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : NotificationView.from(rows.iterator().next());
    }

    /** What a redelivery request found, and the delivery as it now is when it was started. */
    public record Redelivery(Outcome outcome, NotificationView delivery) {

        static Redelivery of(Outcome outcome) {
            return new Redelivery(outcome, null);
        }

        /** Why a redelivery did or did not start. */
        public enum Outcome {
            STARTED, UNKNOWN_JOB, ERASED, NO_URL, ENDPOINT_DISABLED, NO_EVENT, IN_PROGRESS
        }
    }
}
