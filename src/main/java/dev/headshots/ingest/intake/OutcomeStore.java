package dev.headshots.ingest.intake;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.callback.HeadshotsCompleted;
import dev.headshots.ingest.callback.RunflowEvent;
import dev.headshots.ingest.config.RetryConfig;
import dev.headshots.ingest.outbox.StoredEvents;
import dev.headshots.ingest.retry.UrlDeadline;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Applies one Runflow event to its job in Postgres, in one transaction under the job's row lock: it judges the event against
 * the outcome the job already has ({@link Verdict}), writes what that verdict calls for, and records the delivery in
 * {@code runflow_delivery} (its event, whether it came from a callback or a poll, its {@code Runflow-Request-Id}, and the
 * verdict). An event with images records the job and its images once (a repeat only counts one more delivery); a
 * {@code run.failed} or {@code run.cancelled} ends the job at once, {@code FAILED} (with Runflow's error) or {@code CANCELLED},
 * and writes its {@code headshots.stored} event in the same transaction; a contradiction changes nothing but the delivery
 * count, and so does any event for a job that was cancelled on our side or erased ({@link Verdict#CLOSED}): such a job is never
 * reopened, and nothing of it is fetched. Whichever way, the job has its outcome and is no longer reconciled. Every statement
 * is idempotent, so a redelivered record converges on the same state.
 */
@ApplicationScoped
public class OutcomeStore {

    /** The job's outcome so far, and whether it is closed to Runflow's events: cancelled on our side, or erased. */
    private static final String LOCK = """
            SELECT runflow_event, (cancelled_at IS NOT NULL OR status IN ('DELETING', 'DELETED')) AS closed
            FROM headshot_job WHERE headshots_id = $1 FOR UPDATE""";

    /**
     * The job with images, or one more delivery of it; a job that was waiting (or timed out) is now RECEIVED. A job nobody
     * submitted here is the tenant {@code default}'s, stored where that tenant's objects go; the first callback's
     * {@code traceparent} (null when tracing is off) stays the job's trace.
     */
    private static final String UPSERT_COPY = """
            INSERT INTO headshot_job (headshots_id, status, image_count, received_at, created_at, deliveries, runflow_event,
                                      tenant_id, bucket, key_prefix, traceparent)
            SELECT $1, 'RECEIVED', $2, $3, $3, 1, $4, t.id, t.bucket, t.key_prefix, $5 FROM tenant t WHERE t.id = 'default'
            ON CONFLICT (headshots_id) DO UPDATE SET deliveries = headshot_job.deliveries + 1,
                   status = CASE WHEN headshot_job.status IN ('SUBMITTED', 'TIMED_OUT') THEN 'RECEIVED'
                                 ELSE headshot_job.status END,
                   image_count = coalesce(headshot_job.image_count, EXCLUDED.image_count),
                   received_at = coalesce(headshot_job.received_at, EXCLUDED.received_at),
                   runflow_event = coalesce(headshot_job.runflow_event, EXCLUDED.runflow_event),
                   traceparent = coalesce(headshot_job.traceparent, EXCLUDED.traceparent),
                   reconcile_at = NULL, reconcile_owner = NULL, updated_at = now()
            RETURNING tenant_id""";

    private static final String INSERT_IMAGES = """
            INSERT INTO headshot_image (headshots_id, idx, source_url, status, next_attempt_at, deadline)
            SELECT $1, u.idx, u.url, 'PENDING', now(), u.deadline
            FROM unnest($2::text[], $3::timestamptz[]) WITH ORDINALITY AS u(url, deadline, idx)
            ON CONFLICT (headshots_id, idx) DO NOTHING""";

    /** A run that failed or was cancelled: terminal at once, with no image. */
    private static final String END = """
            INSERT INTO headshot_job (headshots_id, status, image_count, received_at, created_at, completed_at, deliveries,
                                      runflow_event, failure_code, failure_message, tenant_id, bucket, key_prefix, traceparent)
            SELECT $1, $2, 0, $3, $3, now(), 1, $4, $5, $6, t.id, t.bucket, t.key_prefix, $7
            FROM tenant t WHERE t.id = 'default'
            ON CONFLICT (headshots_id) DO UPDATE SET status = EXCLUDED.status, deliveries = headshot_job.deliveries + 1,
                   image_count = coalesce(headshot_job.image_count, 0),
                   received_at = coalesce(headshot_job.received_at, EXCLUDED.received_at), completed_at = now(),
                   runflow_event = EXCLUDED.runflow_event, failure_code = EXCLUDED.failure_code,
                   failure_message = EXCLUDED.failure_message, reconcile_at = NULL, reconcile_owner = NULL,
                   traceparent = coalesce(headshot_job.traceparent, EXCLUDED.traceparent), updated_at = now()
            RETURNING completed_at, replays, tenant_id""";

    private static final String COUNT = """
            UPDATE headshot_job SET deliveries = deliveries + 1, updated_at = now() WHERE headshots_id = $1
            RETURNING tenant_id""";

    private static final String DELIVERY = """
            INSERT INTO runflow_delivery (headshots_id, event, source, request_id, outcome, received_at)
            VALUES ($1, $2, $3, $4, $5, $6)""";

    private final Pool pool;
    private final StoredEvents events;
    private final Duration urlLifetime;

    public OutcomeStore(Pool pool, StoredEvents events, RetryConfig config) {
        this.pool = pool;
        this.events = events;
        this.urlLifetime = config.urlLifetime();
    }

    /**
     * Applies {@code record}, an event of {@code event}, to its job; yields the verdict and whose job it is.
     * {@code traceparent} is the record's span (null when tracing is off).
     */
    public Uni<Applied> apply(HeadshotsCompleted record, RunflowEvent event, String traceparent) {
        UUID id = record.headshotsId();
        return pool.withTransaction(sql -> sql.preparedQuery(LOCK).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next())
                .map(job -> verdict(job, event))
                .chain(verdict -> write(sql, record, event, verdict, traceparent)
                        .map(tenant -> new Applied(verdict, tenant)))
                .call(applied -> sql.preparedQuery(DELIVERY).execute(Tuple.from(Arrays.asList(id, event.wireName(),
                        record.source() == null ? "callback" : record.source(), record.requestId(),
                        applied.verdict().recorded(), utc(record.receivedAt()))))));
    }

    private static Verdict verdict(Row job, RunflowEvent event) {
        if (job == null) {
            return Verdict.APPLY;
        }
        if (job.getBoolean("closed")) {
            return Verdict.CLOSED;
        }
        String applied = job.getString("runflow_event");
        return Verdict.of(applied == null ? null : RunflowEvent.of(applied).orElseThrow(), event);
    }

    /** What applying an event did: the verdict, and the tenant of the job. */
    public record Applied(Verdict verdict, String tenantId) {
    }

    /** Writes what {@code verdict} calls for; yields the job's tenant. */
    private Uni<String> write(SqlConnection sql, HeadshotsCompleted record, RunflowEvent event, Verdict verdict,
            String traceparent) {
        UUID id = record.headshotsId();
        if (verdict == Verdict.CONTRARY || verdict == Verdict.CLOSED
                || verdict == Verdict.DUPLICATE && !event.outcome().copies()) {
            return sql.preparedQuery(COUNT).execute(Tuple.of(id)).map(OutcomeStore::tenant);
        }
        if (event.outcome().copies()) {
            Uni<String> job = sql.preparedQuery(UPSERT_COPY)
                    .execute(Tuple.of(id, record.imageUrls().size(), utc(record.receivedAt()), event.wireName(),
                            traceparent))
                    .map(OutcomeStore::tenant);
            return verdict == Verdict.APPLY ? job.call(() -> insertImages(sql, record)) : job;
        }
        return sql.preparedQuery(END)
                .execute(Tuple.from(Arrays.asList(id, event.outcome().endStatus().name(), utc(record.receivedAt()),
                        event.wireName(), record.failureCode(), record.failureMessage(), traceparent)))
                .chain(rows -> {
                    Row ended = rows.iterator().next();
                    return events.enqueue(sql, id, event.outcome().endStatus(),
                            ended.getOffsetDateTime("completed_at").toInstant(), ended.getInteger("replays"), traceparent)
                            .replaceWith(ended.getString("tenant_id"));
                });
    }

    /** The tenant of the job a statement returned; the statement returns no row only if the tenant default is missing. */
    private static String tenant(RowSet<Row> rows) {
        if (rows.size() == 0) {
            throw new IllegalStateException("the job could not be recorded: the tenant default is missing");
        }
        return rows.iterator().next().getString("tenant_id");
    }

    /** Each image due at once, with the deadline its URL states. */
    private Uni<Void> insertImages(SqlConnection sql, HeadshotsCompleted record) {
        Instant received = record.receivedAt();
        OffsetDateTime[] deadlines = record.imageUrls().stream()
                .map(url -> utc(UrlDeadline.of(url, received, urlLifetime)))
                .toArray(OffsetDateTime[]::new);
        return sql.preparedQuery(INSERT_IMAGES)
                .execute(Tuple.of(record.headshotsId(), record.imageUrls().toArray(String[]::new), deadlines))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
