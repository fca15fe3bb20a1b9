package dev.headshots.ingest.lifecycle;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.outbox.LifecycleEvent;
import dev.headshots.ingest.outbox.StoredEvents;
import dev.headshots.ingest.state.JobMetadata;
import dev.headshots.ingest.state.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Cancels a job on our side, in one transaction under the job's row lock: a job that is {@code SUBMITTED} or {@code TIMED_OUT}
 * (Runflow has reported no outcome) becomes {@code CANCELLED}, with {@code cancelled_at}, is no longer reconciled, and its
 * {@code headshots.cancelled} event is written to the outbox. Runflow cannot be asked to stop the run, so a callback that
 * arrives later is recorded and fetches nothing ({@code intake.OutcomeStore}); the run's photos are deleted by
 * {@code reconcile.PhotoPurge}. Cancelling a job already cancelled on our side changes nothing.
 */
@ApplicationScoped
public class Cancellations {

    /** The states a job may be cancelled in: Runflow has not reported on it. */
    public static final Set<JobStatus> CANCELLABLE = Set.of(JobStatus.SUBMITTED, JobStatus.TIMED_OUT);

    private static final String LOCK = """
            SELECT status, cancelled_at IS NOT NULL AS cancelled FROM headshot_job
            WHERE headshots_id = $1 AND tenant_id = $2 FOR UPDATE""";

    private static final String CANCEL = """
            UPDATE headshot_job SET status = 'CANCELLED', cancelled_at = now(), completed_at = now(), reconcile_at = NULL,
                   reconcile_owner = NULL, updated_at = now()
            WHERE headshots_id = $1
            RETURNING runflow_api, submitted_at, cancelled_at, tenant_id, client_reference_id, metadata::text AS metadata""";

    private final Pool pool;
    private final StoredEvents events;

    public Cancellations(Pool pool, StoredEvents events) {
        this.pool = pool;
        this.events = events;
    }

    /** What a cancellation found: the job's status before it, and whether this request cancelled it. */
    public record Outcome(JobStatus before, boolean cancelledNow, boolean cancelledBefore) {
    }

    /** Cancels job {@code id} of {@code tenantId} if it may be; null when it is not the tenant's, or does not exist. */
    public Uni<Outcome> cancel(UUID id, String tenantId) {
        return pool.withTransaction(sql -> sql.preparedQuery(LOCK).execute(Tuple.of(id, tenantId)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().nullItem();
            }
            Row job = rows.iterator().next();
            JobStatus before = JobStatus.valueOf(job.getString("status"));
            if (!CANCELLABLE.contains(before)) {
                return Uni.createFrom().item(new Outcome(before, false, job.getBoolean("cancelled")));
            }
            return sql.preparedQuery(CANCEL).execute(Tuple.of(id)).chain(cancelled -> {
                Row row = cancelled.iterator().next();
                LifecycleEvent.Cancelled event = new LifecycleEvent.Cancelled(id, JobStatus.CANCELLED.name(), before.name(),
                        row.getString("runflow_api"),
                        row.getOffsetDateTime("submitted_at") == null
                                ? null
                                : row.getOffsetDateTime("submitted_at").toInstant(),
                        row.getOffsetDateTime("cancelled_at").toInstant(), row.getString("tenant_id"),
                        row.getString("client_reference_id"), JobMetadata.parse(row.getString("metadata")));
                return events.enqueueCancelled(sql, event, row.getString("tenant_id"))
                        .replaceWith(new Outcome(before, true, false));
            });
        }));
    }
}
