package dev.headshots.ingest.intake;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.headshots.ingest.callback.HeadshotsCompleted;
import dev.headshots.ingest.copy.ImageCopier;
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
 * Consumes {@code runflow.headshots.callbacks}. Each record is recorded in Postgres (a duplicate is recognised by its
 * {@code headshots_id} and only resumes what is due), then one attempt is made at each of its due images. The message is
 * acknowledged, and its offset becomes committable, only when this {@code Uni} completes: after the job and every image's
 * outcome are durable. Images that need another attempt are left to the retry queue in Postgres, so a job waiting on retries
 * holds neither the offset nor this consumer. A record that cannot be read fails and goes to the dead-letter topic; Postgres
 * being down is retried until it is back.
 * <p>
 * The record's consumer span, which continues the callback request's trace through the {@code traceparent} header, comes with
 * the record ({@link TracingMetadata}, absent while tracing is off); recording the job ({@code record job}) and the copies are
 * its children, and its context is stored with the job for the retries made later.
 */
@ApplicationScoped
public class CallbackConsumer {

    private static final Logger LOG = Logger.getLogger(CallbackConsumer.class);
    private static final AttributeKey<Long> IMAGE_COUNT = AttributeKey.longKey("headshots.image.count");

    private final JobStore jobs;
    private final ImageCopier copier;
    private final MeterRegistry registry;
    private final Tracing tracing;

    public CallbackConsumer(JobStore jobs, ImageCopier copier, MeterRegistry registry, Tracing tracing) {
        this.jobs = jobs;
        this.copier = copier;
        this.registry = registry;
        this.tracing = tracing;
    }

    @Incoming("callbacks")
    public Uni<Void> consume(HeadshotsCompleted callback, Optional<TracingMetadata> tracing) {
        if (callback == null || callback.headshotsId() == null || callback.imageUrls() == null
                || callback.imageUrls().isEmpty() || callback.receivedAt() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("unreadable callback record"));
        }
        Context record = tracing.map(TracingMetadata::getCurrentContext).orElse(Context.root());
        return untilDone(recordJob(callback, record), callback)
                .invoke(recorded -> {
                    if (!recorded.created()) {
                        Counter.builder("headshots.callbacks.duplicates")
                                .description("Callbacks whose job was already recorded, by the job's tenant")
                                .tag("tenant", recorded.tenantId())
                                .register(registry)
                                .increment();
                    }
                })
                .chain(() -> untilDone(copier.copyJob(callback.headshotsId(), record), callback))
                .replaceWithVoid();
    }

    private Uni<JobStore.Recorded> recordJob(HeadshotsCompleted callback, Context record) {
        Attributes attributes = Attributes.of(Tracing.JOB, callback.headshotsId().toString(), IMAGE_COUNT,
                (long) callback.imageUrls().size());
        return tracing.span("record job", SpanKind.INTERNAL, record, attributes,
                span -> jobs.record(callback, TraceParents.of(record))
                        .invoke(recorded -> Span.fromContext(span).setAttribute(Tracing.OUTCOME,
                                recorded.created() ? "created" : "duplicate")));
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
