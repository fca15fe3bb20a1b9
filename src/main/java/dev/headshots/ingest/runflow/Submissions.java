package dev.headshots.ingest.runflow;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.job.JobMetadata;
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

    private static final String RESERVE = "INSERT INTO pending_submission (token_sha256, tenant_id) VALUES ($1, $2)";

    private static final String RELEASE = "DELETE FROM pending_submission WHERE token_sha256 = $1";

    /**
     * The job, the submitting tenant's, stored where that tenant's objects go now. A callback that came through a shared
     * endpoint before Runflow's answer reached us made the job the tenant {@code default}'s: it becomes the submitter's, and so
     * does its storage unless images were recorded already (they are stored where the job said then).
     */
    private static final String RECORD = """
            INSERT INTO headshot_job (headshots_id, status, deliveries, photo_count, submitted_at, created_at,
                                      callback_token_sha256, tenant_id, bucket, key_prefix, client_reference_id, metadata,
                                      notify_url)
            SELECT $1, 'SUBMITTED', 0, $2, now(), now(), $3, t.id, t.bucket, t.key_prefix, $5, $6::text::jsonb, $7
            FROM tenant t WHERE t.id = $4
            ON CONFLICT (headshots_id) DO UPDATE SET photo_count = EXCLUDED.photo_count,
                   submitted_at = EXCLUDED.submitted_at, callback_token_sha256 = EXCLUDED.callback_token_sha256,
                   tenant_id = EXCLUDED.tenant_id, client_reference_id = EXCLUDED.client_reference_id,
                   metadata = EXCLUDED.metadata, notify_url = EXCLUDED.notify_url,
                   bucket = CASE WHEN headshot_job.image_count IS NULL THEN EXCLUDED.bucket ELSE headshot_job.bucket END,
                   key_prefix = CASE WHEN headshot_job.image_count IS NULL THEN EXCLUDED.key_prefix
                                     ELSE headshot_job.key_prefix END""";

    private static final String OWNER = """
            SELECT headshots_id FROM headshot_job WHERE callback_token_sha256 = $1
            UNION ALL
            SELECT NULL::uuid FROM pending_submission WHERE token_sha256 = $1""";

    private final Pool pool;
    private final Quotas quotas;

    public Submissions(Pool pool, Quotas quotas) {
        this.pool = pool;
        this.quotas = quotas;
    }

    /**
     * Reserves {@code tokenDigest} for a submission of {@code tenantId}, within the tenant's quotas: a 429 problem, and no
     * reservation, when it has as many jobs in flight as it may, or has submitted as many in the last minute. The check and the
     * reservation are one transaction holding the tenant's row lock, so that concurrent submissions on any number of instances
     * never exceed a quota.
     */
    public Uni<Void> reserve(byte[] tokenDigest, String tenantId) {
        return pool.withTransaction(sql -> quotas.check(sql, tenantId)
                .chain(() -> sql.preparedQuery(RESERVE).execute(Tuple.of(tokenDigest, tenantId))))
                .replaceWithVoid();
    }

    public Uni<Void> release(byte[] tokenDigest) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(tokenDigest)).replaceWithVoid();
    }

    /** Turns the reservation into a {@code SUBMITTED} job of {@code tenantId}, in one transaction. */
    public Uni<Void> record(UUID headshotsId, int photos, byte[] tokenDigest, String tenantId, SubmissionDetails details) {
        return pool.withTransaction(sql -> sql.preparedQuery(RECORD)
                .execute(Tuple.from(Arrays.asList(headshotsId, photos, tokenDigest, tenantId, details.clientReferenceId(),
                        JobMetadata.write(details.metadata()), details.notifyUrl())))
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
                    return new Owner(true, Optional.ofNullable(row.getUUID("headshots_id")));
                });
    }

    /** The owner of a token: {@code known} and a job id, {@code known} without one (pending), or not known. */
    public record Owner(boolean known, Optional<UUID> headshotsId) {

        static final Owner NOBODY = new Owner(false, Optional.empty());
    }
}
