package dev.headshots.ingest.intake;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.headshots.ingest.callback.HeadshotsCompleted;
import dev.headshots.ingest.callback.RunflowEvent;
import dev.headshots.ingest.copy.ImageCopier;
import dev.headshots.ingest.outbox.OutboxRelay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Consumes {@code runflow.headshots.callbacks}, routing each record on its {@code event}. The event is applied to its job in
 * Postgres first ({@link OutcomeStore}: a repeat is recognised by the job's id, and an outcome contrary to the job's first one
 * is recorded and not applied). An event with images ({@code headshots.completed}, {@code run.completed},
 * {@code run.partial_succeeded}) then gets one attempt at each of its due images; a {@code run.failed} or {@code run.cancelled}
 * has ended the job already, with nothing to fetch. The message is acknowledged, and its offset becomes committable, only when
 * this {@code Uni} completes: after the job and every image's outcome are durable. Images that need another attempt are left to
 * the retry queue in Postgres, so a job waiting on retries holds neither the offset nor this consumer. A record that cannot be
 * read fails and goes to the dead-letter topic; Postgres being down is retried until it is back.
 */
@ApplicationScoped
public class CallbackConsumer {

    private static final Logger LOG = Logger.getLogger(CallbackConsumer.class);

    private final OutcomeStore outcomes;
    private final ImageCopier copier;
    private final OutboxRelay relay;
    private final MeterRegistry registry;
    private final Counter duplicates;

    public CallbackConsumer(OutcomeStore outcomes, ImageCopier copier, OutboxRelay relay, MeterRegistry registry) {
        this.outcomes = outcomes;
        this.copier = copier;
        this.relay = relay;
        this.registry = registry;
        this.duplicates = Counter.builder("headshots.callbacks.duplicates")
                .description("Callbacks whose job was already recorded")
                .register(registry);
    }

    @Incoming("callbacks")
    public Uni<Void> consume(HeadshotsCompleted callback) {
        Optional<RunflowEvent> event = callback == null ? Optional.empty() : RunflowEvent.of(callback.event());
        if (event.isEmpty() || !readable(callback, event.get())) {
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable callback record"));
        }
        return untilDone(outcomes.apply(callback, event.get()), callback)
                .invoke(verdict -> counted(callback, event.get(), verdict))
                .chain(verdict -> {
                    if (verdict == Verdict.CONTRARY) {
                        return Uni.createFrom().voidItem();
                    }
                    if (event.get().outcome().copies()) {
                        return untilDone(copier.copyJob(callback.headshotsId()), callback).replaceWithVoid();
                    }
                    if (verdict == Verdict.APPLY) {
                        relay.wake();
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * A record names its job and when it was received, and an event with images carries them (a partial one may carry none).
     */
    private static boolean readable(HeadshotsCompleted callback, RunflowEvent event) {
        if (callback.headshotsId() == null || callback.receivedAt() == null) {
            return false;
        }
        if (!event.outcome().copies()) {
            return true;
        }
        return callback.imageUrls() != null
                && (!callback.imageUrls().isEmpty() || event == RunflowEvent.RUN_PARTIAL_SUCCEEDED);
    }

    private void counted(HeadshotsCompleted callback, RunflowEvent event, Verdict verdict) {
        if (verdict == Verdict.DUPLICATE) {
            duplicates.increment();
        }
        Counter.builder("headshots.runflow.events")
                .description("Runflow events processed, by event and by what they did to their job")
                .tag("event", event.wireName()).tag("outcome", verdict.recorded())
                .register(registry).increment();
        String source = callback.source() == null ? "callback" : callback.source();
        String requestId = callback.requestId() == null ? "none" : callback.requestId();
        if (verdict == Verdict.CONTRARY) {
            LOG.warnf("job %s: %s from %s (Runflow-Request-Id %s) contradicts the job's outcome; recorded, not applied",
                    callback.headshotsId(), event.wireName(), source, requestId);
        } else if (event.isRun() || callback.requestId() != null || callback.source() != null) {
            LOG.infof("job %s: %s from %s (Runflow-Request-Id %s) %s", callback.headshotsId(), event.wireName(), source,
                    requestId, verdict.recorded());
        }
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
