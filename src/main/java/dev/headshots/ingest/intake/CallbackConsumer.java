package dev.headshots.ingest.intake;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.headshots.ingest.callback.HeadshotsCompleted;
import dev.headshots.ingest.copy.ImageCopier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code runflow.headshots.callbacks}. Each record is recorded in Postgres (a duplicate is recognised by its
 * {@code headshots_id} and only resumes what is due), then one attempt is made at each of its due images. The message is
 * acknowledged, and its offset becomes committable, only when this {@code Uni} completes: after the job and every image's
 * outcome are durable. Images that need another attempt are left to the retry queue in Postgres, so a job waiting on retries
 * holds neither the offset nor this consumer. A record that cannot be read fails and goes to the dead-letter topic; Postgres
 * being down is retried until it is back.
 */
@ApplicationScoped
public class CallbackConsumer {

    private static final Logger LOG = Logger.getLogger(CallbackConsumer.class);

    private final JobStore jobs;
    private final ImageCopier copier;
    private final MeterRegistry registry;

    public CallbackConsumer(JobStore jobs, ImageCopier copier, MeterRegistry registry) {
        this.jobs = jobs;
        this.copier = copier;
        this.registry = registry;
    }

    @Incoming("callbacks")
    public Uni<Void> consume(HeadshotsCompleted callback) {
        if (callback == null || callback.headshotsId() == null || callback.imageUrls() == null
                || callback.imageUrls().isEmpty() || callback.receivedAt() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable callback record"));
        }
        return untilDone(jobs.record(callback), callback)
                .invoke(recorded -> {
                    if (!recorded.created()) {
                        Counter.builder("headshots.callbacks.duplicates")
                                .description("Callbacks whose job was already recorded, by the job's tenant")
                                .tag("tenant", recorded.tenantId())
                                .register(registry)
                                .increment();
                    }
                })
                .chain(() -> untilDone(copier.copyJob(callback.headshotsId()), callback))
                .replaceWithVoid();
    }

    /** Retries a step whose failure means Postgres is unreachable: the record is kept until the step succeeds. */
    private static <T> Uni<T> untilDone(Uni<T> step, HeadshotsCompleted callback) {
        return step
                .onFailure().invoke(failure -> LOG.warnf("job %s: state could not be recorded, retrying: %s",
                        callback.headshotsId(), failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                .indefinitely();
    }
}
