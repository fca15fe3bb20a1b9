package dev.headshots.ingest.lifecycle;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.copy.DownloadConfig;
import dev.headshots.ingest.lease.Leases;
import dev.headshots.ingest.state.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Asks for a job's erasure, in one transaction: the job becomes {@code DELETING} and forgets what identifies the person (its
 * {@code client_reference_id}, {@code metadata}, Runflow's error message, and its images' rows with their source URLs; the same
 * fields of its events in the outbox), it is no longer reconciled, and a row of the erasure queue ({@code job_erasure}) is due
 * at once. From then on nothing can be claimed for the job (its image rows are gone), no callback fetches anything for it, and
 * a copy still in flight deletes what it wrote. How long such a copy may still write is kept as the erasure's
 * {@code settle_until}: the latest claim plus {@code headshots.download.total-timeout} plus a lease. Asking again for a job
 * being erased, or erased, changes nothing.
 * <p>
 * Locks are taken in the order a claim takes them (images, then the job), and the images are deleted again once the job is
 * locked, for those a callback inserted in between; a deadlock with a claim, should one happen anyway, is retried.
 */
@ApplicationScoped
public class ErasureRequests {

    /** Why a job is erased, as recorded in {@code deletion_reason} and in the {@code headshots.deleted} event. */
    public enum Reason {

        REQUEST, RETENTION;

        public String wireName() {
            return name().toLowerCase();
        }
    }

    private static final String JOB = "SELECT status FROM headshot_job WHERE headshots_id = $1 AND tenant_id = $2";

    private static final String DELETE_IMAGES = """
            DELETE FROM headshot_image WHERE headshots_id = $1
            RETURNING status = 'STORED' AS stored, CASE WHEN status = 'COPYING' THEN claimed_at END AS copying_since""";

    private static final String FORGET = """
            UPDATE headshot_job SET status = 'DELETING', deletion_reason = $2, deletion_requested_at = now(), stored_count = $3,
                   client_reference_id = NULL, metadata = NULL, failure_message = NULL, runflow_metadata = NULL,
                   reconcile_at = NULL, reconcile_owner = NULL, updated_at = now()
            WHERE headshots_id = $1 AND status NOT IN ('DELETING', 'DELETED')""";

    /**
     * The job's events in the outbox forget the person too: whatever is still to be relayed or delivered (and anything an
     * operator could read back) has no {@code client_reference_id}, {@code metadata} or Runflow's message. Both fields are
     * optional in every event's schema, so the events stay valid.
     */
    private static final String FORGET_EVENTS = """
            UPDATE outbox_event SET payload = (payload::jsonb #- '{data,client_reference_id}' #- '{data,metadata}'
                   #- '{data,failure,message}')::text
            WHERE record_key = $1 AND (payload::jsonb -> 'data') ?| array['client_reference_id', 'metadata', 'failure']""";

    private static final String ENQUEUE = """
            INSERT INTO job_erasure (headshots_id, status, next_attempt_at, settle_until)
            VALUES ($1, 'PENDING', now(), greatest(now(), $2::timestamptz))
            ON CONFLICT (headshots_id) DO NOTHING""";

    private static final String DEADLOCK = "40P01";

    private final Pool pool;
    private final Duration copyBound;

    public ErasureRequests(Pool pool, Leases leases, DownloadConfig config) {
        this.pool = pool;
        this.copyBound = config.totalTimeout().plus(leases.length());
    }

    /**
     * Asks for the erasure of job {@code id} of {@code tenantId} for {@code reason}; yields the job's status before (null when
     * the job is not the tenant's, or does not exist).
     */
    public Uni<JobStatus> request(UUID id, String tenantId, Reason reason) {
        return pool.preparedQuery(JOB).execute(Tuple.of(id, tenantId)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().nullItem();
            }
            JobStatus before = JobStatus.valueOf(rows.iterator().next().getString("status"));
            if (before.isErased()) {
                return Uni.createFrom().item(before);
            }
            return pool.withTransaction(sql -> erase(sql, id, reason))
                    .onFailure(ErasureRequests::deadlocked).retry().atMost(3)
                    .replaceWith(before);
        });
    }

    private Uni<Void> erase(SqlConnection sql, UUID id, Reason reason) {
        return sql.preparedQuery(DELETE_IMAGES).execute(Tuple.of(id))
                .chain(images -> sql.preparedQuery(FORGET).execute(Tuple.of(id, reason.wireName(), stored(images)))
                        .chain(() -> sql.preparedQuery(FORGET_EVENTS).execute(Tuple.of(id.toString())))
                        .chain(() -> sql.preparedQuery(DELETE_IMAGES).execute(Tuple.of(id)))
                        .chain(late -> sql.preparedQuery(ENQUEUE)
                                .execute(Tuple.of(id, settleUntil(images, late)))))
                .replaceWithVoid();
    }

    private static int stored(RowSet<Row> images) {
        int stored = 0;
        for (Row row : images) {
            stored += row.getBoolean("stored") ? 1 : 0;
        }
        return stored;
    }

    /** When the last copy in flight must have ended: its claim plus the bound on an attempt; null if none was in flight. */
    private OffsetDateTime settleUntil(RowSet<Row> images, RowSet<Row> late) {
        OffsetDateTime latest = null;
        for (RowSet<Row> rows : java.util.List.of(images, late)) {
            for (Row row : rows) {
                OffsetDateTime since = row.getOffsetDateTime("copying_since");
                if (since != null && (latest == null || since.isAfter(latest))) {
                    latest = since;
                }
            }
        }
        return latest == null ? null : latest.plus(copyBound).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static boolean deadlocked(Throwable failure) {
        return failure instanceof PgException pg && DEADLOCK.equals(pg.getSqlState());
    }
}
