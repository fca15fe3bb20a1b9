package dev.headshots.ingest.intake;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.headshots.ingest.callback.HeadshotsCompleted;
import dev.headshots.ingest.callback.RunflowEvent;
import dev.headshots.ingest.copy.ImageCopier;
import dev.headshots.ingest.outbox.EventsWritten;
import dev.headshots.ingest.tracing.TraceParents;
import dev.headshots.ingest.tracing.Tracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;

/**
 * Consumes {@code runflow.headshots.callbacks}, routing each record on its {@code event}. The event is applied to its job in
 * Postgres first ({@link OutcomeStore}: a repeat is recognised by the job's id, and an outcome contrary to the job's first one
 * is recorded and not applied). An event with images ({@code headshots.completed}, {@code run.completed},
 * {@code run.partial_succeeded}) then gets one attempt at each of its due images; a {@code run.failed} or {@code run.cancelled}
 * has ended the job already, with nothing to fetch, and so has any event for a job cancelled on our side or erased. The message
 * is acknowledged, and its offset becomes committable, only when this {@code Uni} completes: after the job and every image's
 * outcome are durable. Images that need another attempt are left to the retry queue in Postgres, so a job waiting on retries
 * holds neither the offset nor this consumer. A record that cannot be read fails and goes to the dead-letter topic; Postgres
 * being down is retried until it is back.
 * <p>
 * The record's consumer span, which continues the callback request's trace through the {@code traceparent} header, comes with
 * the record ({@link TracingMetadata}, absent while tracing is off); applying the event ({@code record job}) and the copies are
 * its children, and its context is stored with the job for the retries made later.
 */
@ApplicationScoped
public class CallbackConsumer {

    private static final Logger LOG = Logger.getLogger(CallbackConsumer.class);
    private static final AttributeKey<Long> IMAGE_COUNT = AttributeKey.longKey("headshots.image.count");

    private final OutcomeStore outcomes;
    private final ImageCopier copier;
    private final Event<EventsWritten> written;
    private final MeterRegistry registry;
    private final Tracing tracing;

    public CallbackConsumer(OutcomeStore outcomes, ImageCopier copier, Event<EventsWritten> written, MeterRegistry registry,
            Tracing tracing) {
        this.outcomes = outcomes;
        this.copier = copier;
        this.written = written;
        this.registry = registry;
        this.tracing = tracing;
    }

    @Incoming("callbacks")
    public Uni<Void> consume(HeadshotsCompleted callback, Optional<TracingMetadata> traced) {
        Optional<RunflowEvent> event = callback == null ? Optional.empty() : RunflowEvent.of(callback.event());
        if (event.isEmpty() || !readable(callback, event.get())) {
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable callback record"));
        }
        Context record = traced.map(TracingMetadata::getCurrentContext).orElse(Context.root());
        return untilDone(apply(callback, event.get(), record), callback)
                .invoke(applied -> counted(callback, event.get(), applied))
                .chain(applied -> {
                    if (applied.verdict() == Verdict.CONTRARY || applied.verdict() == Verdict.CLOSED) {
                        return Uni.createFrom().voidItem();
                    }
                    if (event.get().outcome().copies()) {
                        return untilDone(copier.copyJob(callback.headshotsId(), record), callback).replaceWithVoid();
                    }
                    if (applied.verdict() == Verdict.APPLY) {
                        written.fire(new EventsWritten());
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<OutcomeStore.Applied> apply(HeadshotsCompleted callback, RunflowEvent event, Context record) {
        Attributes attributes = Attributes.of(Tracing.JOB, callback.headshotsId().toString(), IMAGE_COUNT,
                (long) (callback.imageUrls() == null ? 0 : callback.imageUrls().size()));
        return tracing.span("record job", SpanKind.INTERNAL, record, attributes,
                span -> outcomes.apply(callback, event, TraceParents.of(record))
                        .invoke(applied -> Span.fromContext(span).setAttribute(Tracing.OUTCOME,
                                applied.verdict().recorded())));
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

    private void counted(HeadshotsCompleted callback, RunflowEvent event, OutcomeStore.Applied applied) {
        Verdict verdict = applied.verdict();
        if (verdict == Verdict.DUPLICATE) {
            Counter.builder("headshots.callbacks.duplicates")
                    .description("Callbacks whose job was already recorded, by the job's tenant")
                    .tag("tenant", applied.tenantId())
                    .register(registry)
                    .increment();
        }
        Counter.builder("headshots.runflow.events")
                .description("Runflow events processed, by event and by what they did to their job")
                .tag("event", event.wireName()).tag("outcome", verdict.recorded()).tag("tenant", applied.tenantId())
                .register(registry).increment();
        String source = callback.source() == null ? "callback" : callback.source();
        String requestId = callback.requestId() == null ? "none" : callback.requestId();
        if (verdict == Verdict.CONTRARY) {
            LOG.warnf("job %s: %s from %s (Runflow-Request-Id %s) contradicts the job's outcome; recorded, not applied",
                    callback.headshotsId(), event.wireName(), source, requestId);
        } else if (verdict == Verdict.CLOSED) {
            LOG.infof("job %s: %s from %s (Runflow-Request-Id %s) for a job cancelled or erased; recorded, nothing fetched",
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
