package dev.headshots.ingest.runflow;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The submissions we made to Runflow, in Postgres. A callback token is reserved before Runflow is called, because Runflow may
 * call back as soon as it has the URL; once Runflow answers, the reservation becomes a {@code SUBMITTED} job holding the
 * token's digest, or is released if Runflow refused, so that a refused submission leaves no job behind.
 */
@ApplicationScoped
public class Submissions {

    private static final String RESERVE = "INSERT INTO pending_submission (token_sha256) VALUES ($1)";

    private static final String RELEASE = "DELETE FROM pending_submission WHERE token_sha256 = $1";

    private static final String RECORD = """
            INSERT INTO headshot_job (headshots_id, status, deliveries, photo_count, submitted_at, created_at,
                                      callback_token_sha256, submission_traceparent)
            VALUES ($1, 'SUBMITTED', 0, $2, now(), now(), $3, $4)
            ON CONFLICT (headshots_id) DO UPDATE SET photo_count = EXCLUDED.photo_count,
                   submitted_at = EXCLUDED.submitted_at, callback_token_sha256 = EXCLUDED.callback_token_sha256,
                   submission_traceparent = EXCLUDED.submission_traceparent""";

    private static final String OWNER = """
            SELECT headshots_id, submission_traceparent FROM headshot_job WHERE callback_token_sha256 = $1
            UNION ALL
            SELECT NULL::uuid, NULL FROM pending_submission WHERE token_sha256 = $1""";

    private final Pool pool;

    public Submissions(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> reserve(byte[] tokenDigest) {
        return pool.preparedQuery(RESERVE).execute(Tuple.of(tokenDigest)).replaceWithVoid();
    }

    public Uni<Void> release(byte[] tokenDigest) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(tokenDigest)).replaceWithVoid();
    }

    /**
     * Turns the reservation into a {@code SUBMITTED} job, in one transaction; {@code traceparent} is the submission's span
     * (null when tracing is off), to which the job's callback will link.
     */
    public Uni<Void> record(UUID headshotsId, int photos, byte[] tokenDigest, String traceparent) {
        return pool.withTransaction(sql -> sql.preparedQuery(RECORD)
                .execute(Tuple.of(headshotsId, photos, tokenDigest, traceparent))
                .chain(() -> sql.preparedQuery(RELEASE).execute(Tuple.of(tokenDigest)))
                .replaceWithVoid());
    }

    /** Who a callback token belongs to: a job, a submission still waiting for Runflow's answer, or nobody. */
    public Uni<Owner> ownerOf(byte[] tokenDigest) {
        return pool.preparedQuery(OWNER).execute(Tuple.of(tokenDigest))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Owner.NOBODY;
                    }
                    Row row = rows.iterator().next();
                    return new Owner(true, Optional.ofNullable(row.getUUID("headshots_id")),
                            row.getString("submission_traceparent"));
                });
    }

    /**
     * The owner of a token: {@code known} and a job id, {@code known} without one (pending), or not known; with the
     * {@code traceparent} of the job's submission when it was traced.
     */
    public record Owner(boolean known, Optional<UUID> headshotsId, String submissionTraceparent) {

        static final Owner NOBODY = new Owner(false, Optional.empty(), null);
    }
}
