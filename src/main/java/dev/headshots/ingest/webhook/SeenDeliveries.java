package dev.headshots.ingest.webhook;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Remembers the {@code webhook-id} of every signed callback in Postgres, shared by all instances, so that a repeated delivery
 * (a sender's retry, or a replay inside the timestamp tolerance) is answered 200 but not published again. A delivery is first
 * claimed ({@code INSERT ... ON CONFLICT}), then published, then marked published; a failed publish gives the claim back, and a
 * claim that was never marked (its instance died mid-request) may be taken over once older than twice the acknowledgement
 * timeout, so a delivery that was not stored is never answered 200. Ids older than twice the signature tolerance are pruned: a
 * replay of such a message can no longer carry a valid timestamp.
 */
@ApplicationScoped
public class SeenDeliveries {

    private static final Logger LOG = Logger.getLogger(SeenDeliveries.class);

    /** Returns a row when this request may process the delivery: a new id, or a stale claim that was never published. */
    private static final String CLAIM = """
            INSERT INTO webhook_delivery (webhook_id, received_at) VALUES ($1, now())
            ON CONFLICT (webhook_id) DO UPDATE SET received_at = now()
                WHERE webhook_delivery.published_at IS NULL
                  AND webhook_delivery.received_at < now() - make_interval(secs => $2::int8)
            RETURNING webhook_id""";

    private static final String PUBLISHED = "UPDATE webhook_delivery SET published_at = now() WHERE webhook_id = $1";

    private static final String RELEASE = "DELETE FROM webhook_delivery WHERE webhook_id = $1 AND published_at IS NULL";

    private static final String STATE = "SELECT published_at IS NOT NULL AS published FROM webhook_delivery WHERE webhook_id = $1";

    /**
     * Run before every claim: bounded, and it skips rows another request is pruning, so two prunes never wait for each other.
     */
    private static final String PRUNE = """
            DELETE FROM webhook_delivery WHERE webhook_id IN (
                SELECT webhook_id FROM webhook_delivery WHERE received_at < now() - make_interval(secs => $1::int8)
                ORDER BY received_at LIMIT 1000 FOR UPDATE SKIP LOCKED)""";

    private final Pool pool;
    private final CallbackMetrics metrics;
    private final long staleClaimSeconds;
    private final long keepSeconds;
    private final Duration retryAfter;

    public SeenDeliveries(Pool pool, CallbackMetrics metrics, WebhookConfig config) {
        this.pool = pool;
        this.metrics = metrics;
        this.staleClaimSeconds = Math.max(1, config.ackTimeout().multipliedBy(2).toSeconds());
        this.keepSeconds = Math.max(1, config.signatureTolerance().multipliedBy(2).toSeconds());
        this.retryAfter = config.retryAfter();
    }

    /**
     * Runs {@code process} for the first delivery of {@code webhookId}; a repeat gets {@code duplicate} without running it, and
     * a delivery that another request is processing right now gets a 503 so that the sender retries.
     */
    public <T> Uni<T> once(String webhookId, Supplier<Uni<T>> process, T duplicate) {
        return claim(webhookId).chain(claimed -> claimed
                ? Uni.createFrom().<T>deferred(() -> process.get())
                        .call(() -> markPublished(webhookId))
                        .onFailure().call(() -> release(webhookId))
                : seen(webhookId, duplicate));
    }

    /** Prunes old ids first (an id older than the window is new again), then claims this one. */
    private Uni<Boolean> claim(String webhookId) {
        return pool.preparedQuery(PRUNE).execute(Tuple.of(keepSeconds))
                .onFailure().recoverWithNull() // a failed prune is left for the next claim
                .chain(() -> pool.preparedQuery(CLAIM).execute(Tuple.of(webhookId, staleClaimSeconds)))
                .onFailure().transform(failure -> unavailable("The delivery could not be checked right now"))
                .map(rows -> rows.rowCount() > 0);
    }

    private <T> Uni<T> seen(String webhookId, T duplicate) {
        return pool.preparedQuery(STATE).execute(Tuple.of(webhookId))
                .onFailure().transform(failure -> unavailable("The delivery could not be checked right now"))
                .map(rows -> {
                    if (!isPublished(rows)) {
                        throw unavailable("This delivery is being processed");
                    }
                    metrics.duplicate();
                    return duplicate;
                });
    }

    private static boolean isPublished(RowSet<Row> rows) {
        return rows.iterator().hasNext() && rows.iterator().next().getBoolean("published");
    }

    /** The record is in Kafka already: if marking fails, a later takeover republishes, and the consumer deduplicates. */
    private Uni<Void> markPublished(String webhookId) {
        return pool.preparedQuery(PUBLISHED).execute(Tuple.of(webhookId)).replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("could not mark a delivery published: %s", failure.getClass()))
                .onFailure().recoverWithNull();
    }

    /** Gives a failed delivery's claim back so that its retry is processed at once; else the claim goes stale. */
    private Uni<Void> release(String webhookId) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(webhookId)).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private ProblemException unavailable(String what) {
        return new ProblemException(ProblemKind.UNAVAILABLE, what + "; retry later.", List.of(), retryAfter);
    }
}
