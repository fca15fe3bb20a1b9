package dev.headshots.ingest.job;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.state.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Replays of finished jobs ({@code POST /v1/headshots/{id}/replay}, and the console's replay): a terminal job's failed and
 * expired images whose source URL is still valid start over, due at once for the retry queue, in one transaction under the
 * job's row lock, so two replays at once count one.
 */
@ApplicationScoped
public class Replays {

    private static final String LOCK_TENANT_JOB = """
            SELECT status FROM headshot_job WHERE headshots_id = $1 AND tenant_id = $2 FOR UPDATE""";

    /** FAILED and EXPIRED images whose URL is kept and still valid start over: due at once, attempts from 1 again. */
    private static final String REPLAY_IMAGES = """
            UPDATE headshot_image SET status = 'PENDING', next_attempt_at = now(), attempts = 0, error = NULL,
                   error_detail = NULL, updated_at = now()
            WHERE headshots_id = $1 AND status IN ('FAILED', 'EXPIRED') AND source_url IS NOT NULL AND deadline > now()
            RETURNING idx""";

    private static final String NOT_REPLAYED = """
            SELECT idx FROM headshot_image WHERE headshots_id = $1 AND status IN ('FAILED', 'EXPIRED') ORDER BY idx""";

    private static final String REOPEN = """
            UPDATE headshot_job SET status = 'COPYING', completed_at = NULL, replays = replays + 1, updated_at = now()
            WHERE headshots_id = $1
            RETURNING replays""";

    private final Pool pool;

    public Replays(Pool pool) {
        this.pool = pool;
    }

    /**
     * Starts job {@code id} over for its {@code FAILED} and {@code EXPIRED} images whose source URL is still valid, if the job
     * is terminal: they become due at once and the job {@code COPYING}, with one more replay counted. The outcome says what the
     * job was, which images were replayed and which could not be (their URL expired); a job that is not {@code tenantId}'s, or
     * does not exist, yields null.
     */
    public Uni<Replay> replay(UUID id, String tenantId) {
        return pool.withTransaction(sql -> sql.preparedQuery(LOCK_TENANT_JOB).execute(Tuple.of(id, tenantId)).chain(jobs -> {
            if (jobs.size() == 0) {
                return Uni.createFrom().nullItem();
            }
            JobStatus before = JobStatus.valueOf(jobs.iterator().next().getString("status"));
            if (!before.isTerminal()) {
                return Uni.createFrom().item(new Replay(before, 0, List.of(), List.of()));
            }
            return restart(sql, id, before);
        }));
    }

    private static Uni<Replay> restart(SqlConnection sql, UUID id, JobStatus before) {
        return sql.preparedQuery(REPLAY_IMAGES).execute(Tuple.of(id)).map(Replays::indices)
                .chain(replayed -> sql.preparedQuery(NOT_REPLAYED).execute(Tuple.of(id)).map(Replays::indices)
                        .chain(rest -> replayed.isEmpty()
                                ? Uni.createFrom().item(new Replay(before, 0, replayed, rest))
                                : sql.preparedQuery(REOPEN).execute(Tuple.of(id)).map(rows -> new Replay(before,
                                        rows.iterator().next().getInteger("replays"), replayed, rest))));
    }

    /**
     * What a replay found: the job's status before it, the number of this replay (0 when nothing was replayed), the images it
     * started over, and those whose URL had expired.
     */
    public record Replay(JobStatus before, int replay, List<Integer> replayed, List<Integer> notReplayable) {
    }

    private static List<Integer> indices(RowSet<Row> rows) {
        return rows.stream().map(row -> row.getInteger("idx")).sorted().toList();
    }
}
