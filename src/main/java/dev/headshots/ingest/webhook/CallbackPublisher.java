package dev.headshots.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.headshots.ingest.config.IngestConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.tracing.Tracing;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes an accepted callback to Kafka, keyed by {@code headshots_id}, and completes only once the broker has acknowledged
 * it with {@code acks=all}. A broker that does not answer within {@code headshots.webhook.ack-timeout}, or a full send buffer,
 * is reported as a 503 so that Runflow retries; a record that still lands late is absorbed by the consumer's deduplication.
 * With tracing on, the record's producer span is a child of the callback request's span, and carries its {@code traceparent}
 * header to the consumer.
 */
@ApplicationScoped
public class CallbackPublisher {

    /** Every record's {@code content-type} header (asyncapi.yaml); immutable, shared by all records. */
    private static final Header CONTENT_TYPE = new RecordHeader("content-type",
            "application/json".getBytes(StandardCharsets.US_ASCII));

    private final MutinyEmitter<byte[]> emitter;
    private final Duration ackTimeout;
    private final Duration retryAfter;
    private final boolean traced;

    public CallbackPublisher(
            @Channel("callbacks-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048) MutinyEmitter<byte[]> emitter,
            IngestConfig config, Tracing tracing) {
        this.emitter = emitter;
        this.traced = tracing.enabled();
        this.ackTimeout = config.webhook().ackTimeout();
        this.retryAfter = config.webhook().retryAfter();
    }

    /** Publishes {@code value}, a {@code HeadshotsCompleted} encoded by {@link CallbackRecordEncoder}, keyed by its job. */
    public Uni<Void> publish(UUID headshotsId, byte[] value) {
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(headshotsId.toString())
                .withHeaders(new RecordHeaders(new Header[]{CONTENT_TYPE}))
                .build();
        Message<byte[]> message = Message.of(value).addMetadata(key);
        if (traced) {
            message = message.addMetadata(TracingMetadata.withCurrent(Context.current()));
        }
        Message<byte[]> record = message;
        return Uni.createFrom()
                .deferred(() -> emitter.sendMessage(record))
                .ifNoItem().after(ackTimeout).fail()
                .onFailure().transform(failure -> new ProblemException(ProblemKind.UNAVAILABLE,
                        "The callback could not be stored right now; retry later.", List.of(), retryAfter));
    }
}
