package dev.headshots.ingest.copy;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.IngestConfig;
import dev.headshots.ingest.intake.JobStore;
import dev.headshots.ingest.intake.JobStore.PendingImage;
import dev.headshots.ingest.job.JobStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Copies every unfinished image of a job into the bucket and settles the job's status. Downloads share one bounded pool of
 * {@link DownloadSlots} per instance; a slot is held only while bytes move, never during a retry's backoff. Transient failures
 * are retried with {@link Backoff} up to {@code max-attempts}; a permanent failure, or the last transient one, marks the image
 * {@code FAILED} with its reason. The returned {@code Uni} completes once every image is settled, which is what holds the Kafka
 * consumer back while the copier is saturated. A failure to record state in Postgres is not an image failure: it fails the
 * returned {@code Uni}, and the caller retries the whole job.
 */
@ApplicationScoped
public class ImageCopier {

    private static final Logger LOG = Logger.getLogger(ImageCopier.class);

    private final JobStore jobs;
    private final ImageTransfer transfer;
    private final CopyMetrics metrics;
    private final DownloadSlots slots;
    private final Backoff backoff;
    private final IngestConfig.Download config;

    public ImageCopier(JobStore jobs, ImageTransfer transfer, CopyMetrics metrics, IngestConfig config) {
        this.jobs = jobs;
        this.transfer = transfer;
        this.metrics = metrics;
        this.config = config.download();
        this.slots = new DownloadSlots(this.config.concurrency());
        this.backoff = new Backoff(this.config.backoffInitial(), this.config.backoffMax());
        metrics.watch(slots);
    }

    public Uni<JobStatus> copyJob(UUID id) {
        return jobs.claimUnfinished(id)
                .chain(images -> Multi.createFrom().iterable(images)
                        .onItem().transformToUni(image -> copyImage(id, image)).merge(Math.max(1, images.size()))
                        .collect().last()
                        .chain(() -> jobs.finish(id))
                        .invoke(status -> log(id, status, images.size())));
    }

    private static void log(UUID id, JobStatus status, int copied) {
        if (copied > 0 && status != JobStatus.COMPLETED) {
            LOG.infof("job %s is %s after copying %d image(s): GET /v1/headshots/%s gives each image's reason", id,
                    status, copied, id);
        }
    }

    private Uni<Void> copyImage(UUID id, PendingImage image) {
        long started = System.nanoTime();
        return attempt(id, image, 1, started);
    }

    private Uni<Void> attempt(UUID id, PendingImage image, int attempt, long started) {
        return slots.run(() -> transfer.copy(id, image.index(), image.sourceUrl())
                .ifNoItem().after(config.totalTimeout())
                .failWith(() -> CopyFailure.retryable(CopyFailure.Reason.NETWORK, "copy timed out", null)))
                .onItemOrFailure().transformToUni((stored, failure) -> failure == null
                        ? jobs.markStored(id, image.index(), stored, attempt)
                                .invoke(() -> metrics.stored(stored, Duration.ofNanos(System.nanoTime() - started)))
                        : retryOrFail(id, image, attempt, started, classify(failure)));
    }

    private Uni<Void> retryOrFail(UUID id, PendingImage image, int attempt, long started, CopyFailure failure) {
        if (failure.isTransient() && attempt < config.maxAttempts()) {
            metrics.retried(failure);
            Duration delay = backoff.delay(attempt, ThreadLocalRandom.current()::nextDouble);
            return Uni.createFrom()
                    .voidItem()
                    .onItem().delayIt().by(delay)
                    .chain(() -> attempt(id, image, attempt + 1, started));
        }
        LOG.debugf("image %d of job %s (%s) failed after %d attempt(s): %s (%s)", image.index(), id,
                Redaction.url(image.sourceUrl()), attempt, failure.reason(), failure.getMessage());
        metrics.failed(failure);
        return jobs.markFailed(id, image.index(), failure, attempt);
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
