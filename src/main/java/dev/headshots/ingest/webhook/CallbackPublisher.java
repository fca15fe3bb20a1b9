package dev.headshots.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.tracing.Tracing;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;

/**
 * Publishes an accepted callback to Kafka, keyed by {@code headshots_id}, and completes only once the broker has acknowledged
 * it with {@code acks=all}. A broker that does not answer within {@code headshots.webhook.ack-timeout}, or a full send buffer,
 * is reported as a 503 so that Runflow retries; a record that still lands late is absorbed by the consumer's deduplication.
 * <p>
 * With tracing off (the default) the record goes straight to the channel's own {@code KafkaProducer}, from the caller's thread,
 * and the acknowledgement comes back to the caller's Vert.x context in one hop: no emitter, no context capture, no hand-off to
 * the connector's sending thread (BENCHMARKS.md, issue 21). That is safe on an event loop because the producer never blocks
 * there: {@code max.block.ms} is 0 (a full buffer, or a topic whose partitions it does not know, fails the send at once: 503)
 * and {@link CallbackTopicWarmer} loads the topic's metadata before the instance is ready. With tracing on, the record goes
 * through the connector, whose producer span is a child of the callback request's span and carries its {@code traceparent}
 * header to the consumer.
 */
@ApplicationScoped
public class CallbackPublisher {

    /** The outgoing channel of accepted callbacks. */
    static final String CHANNEL = "callbacks-out";

    /** Every record's {@code content-type} header (asyncapi.yaml); immutable, shared by all records. */
    private static final Header CONTENT_TYPE = new RecordHeader("content-type",
            "application/json".getBytes(StandardCharsets.US_ASCII));

    private final MutinyEmitter<byte[]> emitter;
    private final KafkaClientService clients;
    private final String topic;
    private final Duration ackTimeout;
    private final Duration retryAfter;
    private final boolean traced;
    private volatile Producer<String, byte[]> producer;

    public CallbackPublisher(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048) MutinyEmitter<byte[]> emitter,
            KafkaClientService clients, @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic") String topic,
            WebhookConfig config, Tracing tracing) {
        this.emitter = emitter;
        this.clients = clients;
        this.topic = topic;
        this.traced = tracing.enabled();
        this.ackTimeout = config.ackTimeout();
        this.retryAfter = config.retryAfter();
    }

    /** Publishes {@code value}, a {@code HeadshotsCompleted} encoded by {@link CallbackRecordEncoder}, keyed by its job. */
    public Uni<Void> publish(UUID headshotsId, byte[] value) {
        String key = headshotsId.toString();
        Uni<Void> sent = traced ? throughConnector(key, value) : Uni.createFrom().emitter(done -> send(key, value, done));
        return sent
                .ifNoItem().after(ackTimeout).fail()
                .onFailure().transform(failure -> new ProblemException(ProblemKind.UNAVAILABLE,
                        "The callback could not be stored right now; retry later.", List.of(), retryAfter));
    }

    /** The channel's producer and the topic's name, for {@link CallbackTopicWarmer}. */
    Producer<String, byte[]> producer() {
        Producer<String, byte[]> current = producer;
        if (current == null) {
            current = clients.<String, byte[]>getProducer(CHANNEL).unwrap();
            producer = current;
        }
        return current;
    }

    String topic() {
        return topic;
    }

    private void send(String key, byte[] value, UniEmitter<? super Void> done) {
        io.vertx.core.Context caller = Vertx.currentContext();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, key, value,
                new RecordHeaders(new Header[]{CONTENT_TYPE}));
        // The callback runs on the producer's network thread: one hop back to the caller's context, which answers.
        producer().send(record, (metadata, failure) -> {
            if (caller == null) {
                settle(done, failure);
            } else {
                caller.runOnContext(ignored -> settle(done, failure));
            }
        });
    }

    private static void settle(UniEmitter<? super Void> done, Exception failure) {
        if (failure == null) {
            done.complete(null);
        } else {
            done.fail(failure);
        }
    }

    private Uni<Void> throughConnector(String key, byte[] value) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(new RecordHeaders(new Header[]{CONTENT_TYPE}))
                .build();
        Message<byte[]> record = Message.of(value).addMetadata(metadata)
                .addMetadata(TracingMetadata.withCurrent(Context.current()));
        return Uni.createFrom().deferred(() -> emitter.sendMessage(record));
    }
}
