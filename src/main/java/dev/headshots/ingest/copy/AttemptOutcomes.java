package dev.headshots.ingest.copy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.RetryConfig;
import dev.headshots.ingest.lease.Leases;
import dev.headshots.ingest.ops.ShutdownGate;
import dev.headshots.ingest.retry.Backoff;
import dev.headshots.ingest.retry.ClaimedImage;
import dev.headshots.ingest.retry.RetryPolicy;
import dev.headshots.ingest.security.Redaction;
import dev.headshots.ingest.state.ImageStatus;
import dev.headshots.ingest.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;

/**
 * Records how one attempt at an image ended: {@code STORED}, a retry at a later time ({@link RetryPolicy}), or
 * {@code FAILED}/{@code EXPIRED}; counts it in {@link CopyMetrics} and marks the attempt's span with it.
 * <p>
 * A failure to record an outcome in Postgres is not an image failure: the statement is retried until Postgres answers, holding
 * only the caller (the bytes are in the bucket already, and are not fetched again).
 */
@ApplicationScoped
public class AttemptOutcomes {

    private static final Logger LOG = Logger.getLogger(AttemptOutcomes.class);
    private static final AttributeKey<String> ERROR = AttributeKey.stringKey("headshots.error");

    private final ImageRecorder recorder;
    private final ImageTransfer transfer;
    private final CopyMetrics metrics;
    private final Leases leases;
    private final ShutdownGate shutdown;
    private final RetryPolicy policy;

    public AttemptOutcomes(ImageRecorder recorder, ImageTransfer transfer, CopyMetrics metrics, Leases leases,
            ShutdownGate shutdown, RetryConfig retry) {
        this.recorder = recorder;
        this.transfer = transfer;
        this.metrics = metrics;
        this.leases = leases;
        this.shutdown = shutdown;
        this.policy = new RetryPolicy(new Backoff(retry.backoffInitial(), retry.backoffMax()),
                retry.forbiddenAttempts());
    }

    /** The image's links had expired before the attempt could start: nothing was fetched. */
    Uni<Void> expired(ClaimedImage image, Context span) {
        metrics.expired(image.destination().tenantId());
        outcome(span, ImageStatus.EXPIRED.name(), null);
        return untilRecorded(recorder.giveUp(image, leases.owner(), ImageStatus.EXPIRED, null), image.headshotsId());
    }

    /** The image is in the bucket; {@code started} is when its attempt began ({@link System#nanoTime()}). */
    Uni<Void> stored(ClaimedImage image, StoredObject stored, long started, Context span) {
        return untilRecorded(recorder.markStored(image, stored), image.headshotsId())
                .chain(wanted -> wanted ? Uni.createFrom().voidItem() : discard(image, stored))
                .invoke(() -> metrics.stored(image.destination().tenantId(), stored,
                        Duration.ofNanos(System.nanoTime() - started)))
                .invoke(() -> outcome(span, ImageStatus.STORED.name(), null));
    }

    /** The attempt failed: the image is retried later, or has failed or expired for good, as {@link RetryPolicy} decides. */
    Uni<Void> failed(ClaimedImage image, Throwable cause, Context span) {
        CopyFailure failure = classify(cause);
        RetryPolicy.Decision decision = policy.after(failure, image.attempts(), Instant.now(), image.deadline(),
                ThreadLocalRandom.current()::nextDouble);
        outcome(span, decision.retries() ? ImageStatus.RETRYING.name() : decision.status().name(), failure);
        String tenant = image.destination().tenantId();
        if (decision.retries()) {
            metrics.retried(tenant, failure);
            Tracing.log(span, () -> LOG.infof("image %d of job %s: attempt %d failed (%s: %s), next at %s", image.index(),
                    image.headshotsId(), image.attempts(), failure.reason(), failure.getMessage(), decision.at()));
            return untilRecorded(recorder.markRetry(image, leases.owner(), decision.at(), failure), image.headshotsId());
        }
        LOG.debugf("image %d of job %s (%s) is %s after %d attempt(s): %s (%s)", image.index(), image.headshotsId(),
                Redaction.url(image.sourceUrl()), decision.status(), image.attempts(), failure.reason(), failure.getMessage());
        if (decision.status() == ImageStatus.EXPIRED) {
            metrics.expired(tenant);
        } else {
            metrics.failed(tenant, failure);
        }
        return untilRecorded(recorder.giveUp(image, leases.owner(), decision.status(), failure), image.headshotsId());
    }

    /**
     * Retries a Postgres statement until it succeeds: an outcome, once known, is never dropped. Once shutdown has begun it
     * gives up (the pool is closing); the claim is given back or lapses, and the image is attempted again.
     */
    <T> Uni<T> untilRecorded(Uni<T> statement, UUID id) {
        Predicate<Throwable> stillRunning = failure -> !shutdown.isClosing();
        return statement
                .onFailure(stillRunning).invoke(failure -> LOG.warnf("job %s: state could not be recorded, retrying: %s", id,
                        failure.getMessage()))
                .onFailure(stillRunning).retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).indefinitely();
    }

    /**
     * The job was erased while this image was being copied: the object just written must not stay. Should this deletion fail,
     * the erasure's own passes over the job's prefix remove it.
     */
    private Uni<Void> discard(ClaimedImage image, StoredObject stored) {
        LOG.infof("image %d of job %s: the job was erased during the copy; the object is deleted", image.index(),
                image.headshotsId());
        return transfer.discard(image.destination(), stored)
                .onFailure().invoke(failure -> LOG.warnf("image %d of job %s: the object could not be deleted yet (%s); the "
                        + "erasure removes it", image.index(), image.headshotsId(), failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** The image's status after the attempt, and the reason of its failure if it failed. */
    private static void outcome(Context span, String status, CopyFailure failure) {
        Span.fromContext(span).setAttribute(Tracing.OUTCOME, status);
        if (failure != null) {
            Span.fromContext(span).setAttribute(ERROR, failure.reason().name());
        }
    }

    /** The {@link CopyFailure} behind any failure; anything unrecognised is taken as a transient storage fault. */
    static CopyFailure classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CopyFailure copyFailure) {
                return copyFailure;
            }
        }
        return CopyFailure.retryable(CopyFailure.Reason.STORAGE, "upload failed: " + failure.getClass().getSimpleName(),
                failure);
    }
}
