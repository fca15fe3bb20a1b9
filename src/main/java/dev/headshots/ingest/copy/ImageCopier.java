package dev.headshots.ingest.copy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import dev.headshots.ingest.intake.ImageRecorder;
import dev.headshots.ingest.intake.JobSettler;
import dev.headshots.ingest.job.ImageStatus;
import dev.headshots.ingest.job.JobStatus;
import dev.headshots.ingest.lease.Leases;
import dev.headshots.ingest.ops.Dependency;
import dev.headshots.ingest.ops.DependencyGate;
import dev.headshots.ingest.ops.ShutdownGate;
import dev.headshots.ingest.outbox.EventsWritten;
import dev.headshots.ingest.retry.Backoff;
import dev.headshots.ingest.retry.ClaimedImage;
import dev.headshots.ingest.retry.RetryConfig;
import dev.headshots.ingest.retry.RetryPolicy;
import dev.headshots.ingest.retry.RetryQueue;
import dev.headshots.ingest.tracing.TraceParents;
import dev.headshots.ingest.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Makes one attempt at each image it claims, and records the outcome: {@code STORED}, a retry at a later time
 * ({@link RetryPolicy}), or {@code FAILED}/{@code EXPIRED}. Downloads share one bounded pool of {@link DownloadSlots} per
 * instance. Nothing waits in memory for a retry: a retry is a row in Postgres that the {@code RetryWorker} of any instance
 * claims when it is due, so a job waiting on retries holds neither a Kafka offset nor a consumer.
 * <p>
 * A failure to record an outcome in Postgres is not an image failure: the statement is retried until Postgres answers, holding
 * only the caller (the bytes are in the bucket already, and are not fetched again).
 * <p>
 * Spans: each attempt is a {@code copy image} (its {@code headshots.outcome} the image's new status) with the transfer's
 * {@code GET} and {@code PUT} as children, and settling the job is {@code finish job}. The Kafka consumer's pass runs in the
 * context of the record; an attempt the retry worker starts is a {@code retry image} span in the job's stored trace.
 */
@ApplicationScoped
public class ImageCopier {

    private static final Logger LOG = Logger.getLogger(ImageCopier.class);
    private static final AttributeKey<String> ERROR = AttributeKey.stringKey("headshots.error");
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("headshots.status");

    private final RetryQueue queue;
    private final ImageRecorder recorder;
    private final JobSettler settler;
    private final ImageTransfer transfer;
    private final CopyMetrics metrics;
    private final DownloadSlots slots;
    private final RetryPolicy policy;
    private final Leases leases;
    private final DependencyGate dependencies;
    private final ShutdownGate shutdown;
    private final Event<EventsWritten> written;
    private final Tracing tracing;
    private final Duration totalTimeout;

    public ImageCopier(RetryQueue queue, ImageRecorder recorder, JobSettler settler, ImageTransfer transfer,
            CopyMetrics metrics, Leases leases, DependencyGate dependencies,
            ShutdownGate shutdown, Event<EventsWritten> written, Tracing tracing, DownloadConfig download,
            RetryConfig retry) {
        this.queue = queue;
        this.recorder = recorder;
        this.settler = settler;
        this.transfer = transfer;
        this.metrics = metrics;
        this.leases = leases;
        this.dependencies = dependencies;
        this.shutdown = shutdown;
        this.written = written;
        this.tracing = tracing;
        this.totalTimeout = download.totalTimeout();
        this.slots = new DownloadSlots(download.concurrency());
        this.policy = new RetryPolicy(new Backoff(retry.backoffInitial(), retry.backoffMax()),
                retry.forbiddenAttempts());
        metrics.watch(slots);
    }

    /**
     * The first pass over a job, made by the Kafka consumer: one attempt at each of its images that is due, then the job's
     * status. While the bucket is down nothing is claimed (a download could not be stored); the images stay due, and the retry
     * worker takes them once it is back. {@code parent} is the context of the callback's record.
     */
    public Uni<JobStatus> copyJob(UUID id, Context parent) {
        Uni<List<ClaimedImage>> claimed = storageDown()
                ? Uni.createFrom().item(List.of())
                : queue.claimDue(id, leases);
        return claimed.chain(images -> attemptAll(images, parent)
                .chain(() -> finish(id, parent))
                .invoke(status -> Tracing.log(parent, () -> log(id, status, images.size()))));
    }

    /**
     * Claims up to {@code limit} due images of any job and starts one attempt at each, finishing its job once the outcome is
     * recorded; yields how many were claimed as soon as the attempts have started (each holds a download slot, or waits for
     * one, from then on), without waiting for them to end, so one slow image does not hold up the next claims.
     */
    public Uni<Integer> startDue(int limit) {
        return queue.claimDue(limit, leases)
                .invoke(images -> images.forEach(image -> retry(image)
                        .subscribe().with(status -> {
                        }, failure -> LOG.warnf("image %d of job %s: attempt ended abnormally: %s", image.index(),
                                image.headshotsId(), failure.getMessage()))))
                .map(List::size);
    }

    /**
     * Finishes the jobs whose images are all settled but that were never finished, because the instance that settled the last
     * image died before it could finish the job; yields how many. Finishing is idempotent under the job's row lock, so racing a
     * live instance that is finishing the same job does no harm.
     */
    public Uni<Integer> finishStranded() {
        return settler.stranded(leases.length())
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> finish(id, Context.root())
                                .invoke(status -> LOG.infof("job %s was left unfinished by an instance that stopped; now %s",
                                        id, status)))
                        .collect().asList()
                        .map(List::size));
    }

    /** Download slots neither taken nor waited for: how much more work this instance can start at once. */
    public int idleSlots() {
        return Math.max(0, slots.capacity() - slots.inUse() - slots.queued());
    }

    boolean storageDown() {
        return dependencies.isDown(Dependency.OBJECT_STORE);
    }

    /** An attempt the retry worker started, and the job's status after it, in the job's own trace. */
    private Uni<JobStatus> retry(ClaimedImage image) {
        return tracing.span("retry image", SpanKind.INTERNAL, TraceParents.parse(image.traceparent()), attributes(image),
                span -> attempt(image, span).chain(() -> finish(image.headshotsId(), span)));
    }

    private Uni<JobStatus> finish(UUID id, Context parent) {
        return tracing.span("finish job", SpanKind.INTERNAL, parent, Attributes.of(Tracing.JOB, id.toString()),
                span -> untilRecorded(settler.finish(id, TraceParents.of(span)), id)
                        .invoke(status -> Span.fromContext(span).setAttribute(STATUS, status.name())))
                .invoke(status -> {
                    if (status.isTerminal()) {
                        written.fire(new EventsWritten());
                    }
                });
    }

    private Uni<Void> attemptAll(List<ClaimedImage> images, Context parent) {
        if (images.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(images)
                .onItem().transformToUni(image -> attempt(image, parent)).merge(images.size())
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> attempt(ClaimedImage image, Context parent) {
        return tracing.span("copy image", SpanKind.INTERNAL, parent, attributes(image), span -> attemptIn(image, span));
    }

    private Uni<Void> attemptIn(ClaimedImage image, Context span) {
        String tenant = image.destination().tenantId();
        if (image.expired()) {
            metrics.expired(tenant);
            outcome(span, ImageStatus.EXPIRED.name(), null);
            return untilRecorded(recorder.giveUp(image, leases.owner(), ImageStatus.EXPIRED, null), image.headshotsId());
        }
        long started = System.nanoTime();
        return slots.run(() -> transfer.copy(image.destination(), image.headshotsId(), image.index(), image.sourceUrl(),
                span)
                .ifNoItem().after(totalTimeout)
                .failWith(() -> CopyFailure.retryable(CopyFailure.Reason.NETWORK, "copy timed out", null)))
                .onItemOrFailure().transformToUni((stored, failure) -> failure == null
                        ? untilRecorded(recorder.markStored(image, stored), image.headshotsId())
                                .chain(wanted -> wanted ? Uni.createFrom().voidItem() : discard(image, stored))
                                .invoke(() -> metrics.stored(tenant, stored, Duration.ofNanos(System.nanoTime() - started)))
                                .invoke(() -> outcome(span, ImageStatus.STORED.name(), null))
                        : settleFailure(image, classify(failure), span));
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

    private static Attributes attributes(ClaimedImage image) {
        return Attributes.of(Tracing.JOB, image.headshotsId().toString(), Tracing.IMAGE, (long) image.index(),
                Tracing.ATTEMPT, (long) image.attempts());
    }

    /** The image's status after the attempt, and the reason of its failure if it failed. */
    private static void outcome(Context span, String status, CopyFailure failure) {
        Span.fromContext(span).setAttribute(Tracing.OUTCOME, status);
        if (failure != null) {
            Span.fromContext(span).setAttribute(ERROR, failure.reason().name());
        }
    }

    private Uni<Void> settleFailure(ClaimedImage image, CopyFailure failure, Context span) {
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

    private static void log(UUID id, JobStatus status, int copied) {
        if (copied > 0 && status.isTerminal() && status != JobStatus.COMPLETED) {
            LOG.infof("job %s is %s: GET /v1/headshots/%s gives each image's reason", id, status, id);
        }
    }

    /**
     * Retries a Postgres statement until it succeeds: an outcome, once known, is never dropped. Once shutdown has begun it
     * gives up (the pool is closing); the claim is given back or lapses, and the image is attempted again.
     */
    private <T> Uni<T> untilRecorded(Uni<T> statement, UUID id) {
        Predicate<Throwable> stillRunning = failure -> !shutdown.isClosing();
        return statement
                .onFailure(stillRunning).invoke(failure -> LOG.warnf("job %s: state could not be recorded, retrying: %s", id,
                        failure.getMessage()))
                .onFailure(stillRunning).retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).indefinitely();
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
