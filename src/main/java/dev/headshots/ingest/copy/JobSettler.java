package dev.headshots.ingest.copy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.callback.RunflowEvent;
import dev.headshots.ingest.outbox.StoredEvents;
import dev.headshots.ingest.state.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Settles a job once its images are: its status is derived from theirs under the job's row lock and recorded, and a terminal
 * job's {@code headshots.stored} event is written to the outbox in the same transaction. Settling again converges on the same
 * state, so a job an instance died before settling (a stranded one) is settled by whoever finds it.
 */
@ApplicationScoped
public class JobSettler {

    /**
     * Jobs still {@code RECEIVED} or {@code COPYING} although every image is settled, untouched for a while: an instance died
     * between settling a job's last image and finishing the job, so nobody else would finish it.
     */
    private static final String STRANDED = """
            SELECT j.headshots_id FROM headshot_job j
            WHERE j.status IN ('RECEIVED', 'COPYING') AND j.updated_at < now() - make_interval(secs => $1)
              AND NOT EXISTS (SELECT 1 FROM headshot_image i WHERE i.headshots_id = j.headshots_id
                              AND i.status IN ('PENDING', 'COPYING', 'RETRYING'))
            ORDER BY j.updated_at LIMIT 100""";

    private static final String COUNTS = """
            SELECT count(*) AS total,
                   count(*) FILTER (WHERE status = 'STORED') AS stored,
                   count(*) FILTER (WHERE status IN ('FAILED', 'EXPIRED')) AS failed
            FROM headshot_image WHERE headshots_id = $1""";

    private static final String FINISH = """
            UPDATE headshot_job SET status = $2, updated_at = now(),
                   completed_at = CASE WHEN $3 THEN coalesce(completed_at, now()) END
            WHERE headshots_id = $1
            RETURNING completed_at, replays""";

    /** The job, and whether it is closed: cancelled on our side or erased, so that nothing may finish it any more. */
    private static final String LOCK_JOB = """
            SELECT status, runflow_event, (cancelled_at IS NOT NULL OR status IN ('DELETING', 'DELETED')) AS closed
            FROM headshot_job WHERE headshots_id = $1 FOR UPDATE""";

    /** Runflow reported a partial result: the job is at best PARTIAL, whatever is copied of what it carried. */
    private static final String PARTIAL_EVENT = RunflowEvent.RUN_PARTIAL_SUCCEEDED.wireName();

    private final Pool pool;
    private final StoredEvents events;

    public JobSettler(Pool pool, StoredEvents events) {
        this.pool = pool;
        this.events = events;
    }

    /**
     * Derives the job's status from its images and records it, with {@code completed_at} once terminal; a terminal job's
     * {@code headshots.stored} event is written to the outbox in the same transaction, with {@code traceparent} (the span that
     * finished the job; null when tracing is off). A job whose run Runflow reported as {@code run.partial_succeeded} ends
     * {@code PARTIAL} even when every image it carried is stored.
     */
    public Uni<JobStatus> finish(UUID id, String traceparent) {
        // The job's row lock first: instances settling images of one job at once finish it one after the other, each
        // counting what the other committed; without it, a count taken before another's last image could be written after
        // that one's terminal status, and leave the job COPYING for good.
        // A job cancelled on our side or erased is never finished: it keeps its status, and no event is written.
        return pool.withTransaction(sql -> sql.preparedQuery(LOCK_JOB).execute(Tuple.of(id)).chain(job -> {
            Row row = job.size() == 0 ? null : job.iterator().next();
            if (row != null && row.getBoolean("closed")) {
                return Uni.createFrom().item(JobStatus.valueOf(row.getString("status")));
            }
            return finishOpen(sql, id, row != null && PARTIAL_EVENT.equals(row.getString("runflow_event")), traceparent);
        }));
    }

    /** Jobs every image of which is settled but that nobody finished, untouched for {@code quiet} (at most 100). */
    public Uni<List<UUID>> stranded(Duration quiet) {
        return pool.preparedQuery(STRANDED).execute(Tuple.of(quiet.toMillis() / 1000.0))
                .map(rows -> rows.stream().map(row -> row.getUUID("headshots_id")).toList());
    }

    private Uni<JobStatus> finishOpen(SqlConnection sql, UUID id, boolean partial, String traceparent) {
        return sql.preparedQuery(COUNTS).execute(Tuple.of(id))
                .map(rows -> status(rows.iterator().next()))
                .map(status -> partial ? status.partial() : status)
                .call(status -> sql.preparedQuery(FINISH).execute(Tuple.of(id, status.name(), status.isTerminal()))
                        .chain(rows -> {
                            if (!status.isTerminal() || rows.size() == 0) {
                                // not finished yet, or the job was deleted meanwhile (by an operator): nothing to announce
                                return Uni.createFrom().voidItem();
                            }
                            Row finished = rows.iterator().next();
                            return events.enqueue(sql, id, status, finished.getOffsetDateTime("completed_at").toInstant(),
                                    finished.getInteger("replays"), traceparent);
                        }));
    }

    private static JobStatus status(Row counts) {
        return JobStatus.of(counts.getInteger("total"), counts.getInteger("stored"), counts.getInteger("failed"));
    }
}
