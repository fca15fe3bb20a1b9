package dev.headshots.ingest.runflow;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.state.JobMetadata;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The submissions we made to Runflow, in Postgres. A callback token is reserved before Runflow is called, because Runflow may
 * call back as soon as it has the URL, and within the tenant's quotas; once Runflow answers, the reservation becomes a
 * {@code SUBMITTED} job of the tenant holding the token's digest, or is released if Runflow refused, so that a refused
 * submission leaves no job behind. The job also keeps the API it went through, the {@code metadata} a run was created with (a
 * callback must echo it), the keys of the photos a run reads from our bucket (deleted once the run is over), when it is due for
 * reconciliation if no callback came, and the submission's span for the callback's trace to link to.
 */
@ApplicationScoped
public class Submissions {

    private static final String RESERVE = "INSERT INTO pending_submission (token_sha256, tenant_id) VALUES ($1, $2)";

    private static final String RELEASE = "DELETE FROM pending_submission WHERE token_sha256 = $1";

    /**
     * The job, the submitting tenant's, stored where that tenant's objects go now. A callback that came through a shared
     * endpoint before Runflow's answer reached us made the job the tenant {@code default}'s and decided it: it becomes the
     * submitter's, and so does its storage unless images were recorded already (they are stored where the job said then); and
     * it is not reconciled.
     */
    private static final String RECORD = """
            INSERT INTO headshot_job (headshots_id, status, deliveries, photo_count, submitted_at, created_at,
                                      callback_token_sha256, runflow_api, runflow_metadata, photo_keys, reconcile_at,
                                      tenant_id, bucket, key_prefix, client_reference_id, metadata, submission_traceparent,
                                      notify_url)
            SELECT $1, 'SUBMITTED', 0, $2, now(), now(), $3, $4, $5, $6, now() + make_interval(secs => $7),
                   t.id, t.bucket, t.key_prefix, $9, $10::text::jsonb, $11, $12
            FROM tenant t WHERE t.id = $8
            ON CONFLICT (headshots_id) DO UPDATE SET photo_count = EXCLUDED.photo_count,
                   submitted_at = EXCLUDED.submitted_at, callback_token_sha256 = EXCLUDED.callback_token_sha256,
                   runflow_api = EXCLUDED.runflow_api, runflow_metadata = EXCLUDED.runflow_metadata,
                   photo_keys = EXCLUDED.photo_keys,
                   reconcile_at = CASE WHEN headshot_job.runflow_event IS NULL THEN EXCLUDED.reconcile_at END,
                   tenant_id = EXCLUDED.tenant_id, client_reference_id = EXCLUDED.client_reference_id,
                   metadata = EXCLUDED.metadata, submission_traceparent = EXCLUDED.submission_traceparent,
                   notify_url = EXCLUDED.notify_url,
                   bucket = CASE WHEN headshot_job.image_count IS NULL THEN EXCLUDED.bucket ELSE headshot_job.bucket END,
                   key_prefix = CASE WHEN headshot_job.image_count IS NULL THEN EXCLUDED.key_prefix
                                     ELSE headshot_job.key_prefix END""";

    private static final String OWNER = """
            SELECT headshots_id, runflow_metadata::text AS metadata, submission_traceparent FROM headshot_job
            WHERE callback_token_sha256 = $1
            UNION ALL
            SELECT NULL::uuid, NULL::text, NULL FROM pending_submission WHERE token_sha256 = $1""";

    private final Pool pool;
    private final Quotas quotas;
    private final ObjectMapper json;
    private final double reconcileAfterSeconds;

    public Submissions(Pool pool, Quotas quotas, ObjectMapper json, RunflowConfig config) {
        this.pool = pool;
        this.quotas = quotas;
        this.json = json;
        this.reconcileAfterSeconds = seconds(config.reconcileAfter());
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

    /**
     * Turns the reservation into a {@code SUBMITTED} job of {@code tenantId} with {@code details}, due for reconciliation after
     * {@code reconcile-after}; {@code traceparent} is the submission's span (null when tracing is off).
     */
    public Uni<Void> record(SubmittedJob job, int photos, byte[] tokenDigest, String tenantId, SubmissionDetails details,
            String traceparent) {
        Tuple values = Tuple.of(job.id(), photos, tokenDigest, job.api().name().toLowerCase())
                .addValue(job.metadata() == null ? null : new JsonObject(job.metadata()))
                .addArrayOfString(job.photoKeys().isEmpty() ? null : job.photoKeys().toArray(String[]::new))
                .addDouble(reconcileAfterSeconds)
                .addString(tenantId)
                .addString(details.clientReferenceId())
                .addString(JobMetadata.write(details.metadata()))
                .addString(traceparent)
                .addString(details.notifyUrl());
        return pool.withTransaction(sql -> sql.preparedQuery(RECORD).execute(values)
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
                            Optional.ofNullable(row.getString("metadata")).map(this::parse),
                            row.getString("submission_traceparent"));
                });
    }

    private JsonNode parse(String metadata) {
        try {
            return json.readTree(metadata);
        } catch (IOException e) {
            throw new IllegalStateException("runflow_metadata is always JSON", e);
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /**
     * The owner of a token: {@code known} and a job id, {@code known} without one (pending), or not known; {@code metadata} is
     * what a run of the job was created with, which its callbacks echo; {@code submissionTraceparent} the span of the job's
     * submission when it was traced.
     */
    public record Owner(boolean known, Optional<UUID> headshotsId, Optional<JsonNode> metadata, String submissionTraceparent) {

        static final Owner NOBODY = new Owner(false, Optional.empty(), Optional.empty(), null);
    }
}
