package dev.headshots.ingest.runflow;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A tenant's quotas, checked inside the transaction that reserves a submission: {@code max_jobs_in_flight} counts its jobs not
 * terminal yet and its submissions on their way to Runflow; {@code submissions_per_minute} counts what it submitted in the last
 * 60 seconds. The tenant's row is locked first, so that the submissions of one tenant are counted one after another, whichever
 * instance takes them; a tenant without quotas takes no lock. A reservation older than ten minutes is a leftover of an instance
 * that died mid-submission, and no longer counts.
 */
@ApplicationScoped
public class Quotas {

    private static final String LOCK = """
            SELECT max_jobs_in_flight, submissions_per_minute FROM tenant WHERE id = $1 FOR UPDATE""";

    private static final String USAGE = """
            SELECT (SELECT count(*) FROM headshot_job
                    WHERE tenant_id = $1 AND status IN ('SUBMITTED', 'RECEIVED', 'COPYING'))
                 + (SELECT count(*) FROM pending_submission
                    WHERE tenant_id = $1 AND created_at > now() - interval '10 minutes') AS in_flight,
                   (SELECT count(*) FROM headshot_job WHERE tenant_id = $1 AND submitted_at > now() - interval '1 minute')
                 + (SELECT count(*) FROM pending_submission
                    WHERE tenant_id = $1 AND created_at > now() - interval '1 minute') AS last_minute,
                   extract(epoch FROM least(
                       (SELECT min(submitted_at) FROM headshot_job
                        WHERE tenant_id = $1 AND submitted_at > now() - interval '1 minute'),
                       (SELECT min(created_at) FROM pending_submission
                        WHERE tenant_id = $1 AND created_at > now() - interval '1 minute'))
                       + interval '1 minute' - now()) AS window_ends_in""";

    private final Duration retryAfter;

    public Quotas(WebhookConfig config) {
        this.retryAfter = config.retryAfter();
    }

    /** Completes when {@code tenantId} may submit one more job now; fails with a 429 problem otherwise. */
    Uni<Void> check(SqlConnection sql, String tenantId) {
        return sql.preparedQuery(LOCK).execute(Tuple.of(tenantId)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().failure(new IllegalStateException("no tenant " + tenantId));
            }
            Integer inFlight = rows.iterator().next().getInteger("max_jobs_in_flight");
            Integer perMinute = rows.iterator().next().getInteger("submissions_per_minute");
            if (inFlight == null && perMinute == null) {
                return Uni.createFrom().voidItem();
            }
            return sql.preparedQuery(USAGE).execute(Tuple.of(tenantId))
                    .invoke(usage -> refuseOver(usage.iterator().next(), inFlight, perMinute))
                    .replaceWithVoid();
        });
    }

    private void refuseOver(Row usage, Integer maxInFlight, Integer perMinute) {
        if (maxInFlight != null && usage.getLong("in_flight") >= maxInFlight) {
            throw new ProblemException(ProblemKind.TOO_MANY_REQUESTS, "This tenant has " + maxInFlight
                    + " jobs in flight, its quota; submit again once one has finished.", List.of(), retryAfter);
        }
        if (perMinute != null && usage.getLong("last_minute") >= perMinute) {
            // A submission recorded by a transaction that began after this one can lie a moment in its future: never over 60.
            long seconds = usage.getValue("window_ends_in") instanceof Number endsIn
                    ? Math.min(60, Math.max(1, (long) Math.ceil(endsIn.doubleValue())))
                    : 1;
            throw new ProblemException(ProblemKind.TOO_MANY_REQUESTS, "This tenant has made " + perMinute
                    + " submissions in the last minute, its quota; retry later.", List.of(), Duration.ofSeconds(seconds));
        }
    }
}
