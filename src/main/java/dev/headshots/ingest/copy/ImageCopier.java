package dev.headshots.ingest.copy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import dev.headshots.ingest.lease.Leases;
import dev.headshots.ingest.ops.Dependency;
import dev.headshots.ingest.ops.DependencyGate;
import dev.headshots.ingest.outbox.EventsWritten;
import dev.headshots.ingest.retry.ClaimedImage;
import dev.headshots.ingest.retry.RetryQueue;
import dev.headshots.ingest.state.JobStatus;
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
 * Makes one attempt at each image it claims, and has {@link AttemptOutcomes} record how it ended. Downloads share one bounded
 * pool of {@link DownloadSlots} per instance. Nothing waits in memory for a retry: a retry is a row in Postgres that the
 * {@code RetryWorker} of any instance claims when it is due, so a job waiting on retries holds neither a Kafka offset nor a
 * consumer.
 * <p>
 * Spans: each attempt is a {@code copy image} (its {@code headshots.outcome} the image's new status) with the transfer's
 * {@code GET} and {@code PUT} as children, and settling the job is {@code finish job}. The Kafka consumer's pass runs in the
 * context of the record; an attempt the retry worker starts is a {@code retry image} span in the job's stored trace.
 */
@ApplicationScoped
public class ImageCopier {

    private static final Logger LOG = Logger.getLogger(ImageCopier.class);
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("headshots.status");

    private final RetryQueue queue;
    private final JobSettler settler;
    private final ImageTransfer transfer;
    private final AttemptOutcomes outcomes;
    private final DownloadSlots slots;
    private final Leases leases;
    private final DependencyGate dependencies;
    private final Event<EventsWritten> written;
    private final Tracing tracing;
    private final Duration totalTimeout;

    public ImageCopier(RetryQueue queue, JobSettler settler, ImageTransfer transfer, AttemptOutcomes outcomes,
            CopyMetrics metrics, Leases leases, DependencyGate dependencies, Event<EventsWritten> written, Tracing tracing,
            DownloadConfig download) {
        this.queue = queue;
        this.settler = settler;
        this.transfer = transfer;
        this.outcomes = outcomes;
        this.leases = leases;
        this.dependencies = dependencies;
        this.written = written;
        this.tracing = tracing;
        this.totalTimeout = download.totalTimeout();
        this.slots = new DownloadSlots(download.concurrency());
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
                span -> outcomes.untilRecorded(settler.finish(id, TraceParents.of(span)), id)
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
        if (image.expired()) {
            return outcomes.expired(image, span);
        }
        long started = System.nanoTime();
        return slots.run(() -> transfer.copy(image.destination(), image.headshotsId(), image.index(), image.sourceUrl(),
                span)
                .ifNoItem().after(totalTimeout)
                .failWith(() -> CopyFailure.retryable(CopyFailure.Reason.NETWORK, "copy timed out", null)))
                .onItemOrFailure().transformToUni((stored, failure) -> failure == null
                        ? outcomes.stored(image, stored, started, span)
                        : outcomes.failed(image, failure, span));
    }

    private static Attributes attributes(ClaimedImage image) {
        return Attributes.of(Tracing.JOB, image.headshotsId().toString(), Tracing.IMAGE, (long) image.index(),
                Tracing.ATTEMPT, (long) image.attempts());
    }

    private static void log(UUID id, JobStatus status, int copied) {
        if (copied > 0 && status.isTerminal() && status != JobStatus.COMPLETED) {
            LOG.infof("job %s is %s: GET /v1/headshots/%s gives each image's reason", id, status, id);
        }
    }
}
