package dev.headshots.ingest.webhook;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.headshots.ingest.config.IngestConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes an accepted callback to Kafka, keyed by {@code headshots_id}, and completes only once the broker has acknowledged
 * it with {@code acks=all}. A broker that does not answer within {@code headshots.webhook.ack-timeout}, or a full send buffer,
 * is reported as a 503 so that Runflow retries; a record that still lands late is absorbed by the consumer's deduplication.
 */
@ApplicationScoped
public class CallbackPublisher {

    private final MutinyEmitter<byte[]> emitter;
    private final Duration ackTimeout;
    private final Duration retryAfter;

    public CallbackPublisher(
            @Channel("callbacks-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048) MutinyEmitter<byte[]> emitter,
            IngestConfig config) {
        this.emitter = emitter;
        this.ackTimeout = config.webhook().ackTimeout();
        this.retryAfter = config.webhook().retryAfter();
    }

    /** Publishes {@code value}, a {@code HeadshotsCompleted} encoded by {@link CallbackRecordEncoder}, keyed by its job. */
    public Uni<Void> publish(UUID headshotsId, byte[] value) {
        OutgoingKafkaRecordMetadata<String> key = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(headshotsId.toString())
                .build();
        return Uni.createFrom()
                .deferred(() -> emitter.sendMessage(Message.of(value).addMetadata(key)))
                .ifNoItem().after(ackTimeout).fail()
                .onFailure().transform(failure -> new ProblemException(ProblemKind.UNAVAILABLE,
                        "The callback could not be stored right now; retry later.", List.of(), retryAfter));
    }
}
