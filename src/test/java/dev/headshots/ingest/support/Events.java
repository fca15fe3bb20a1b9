package dev.headshots.ingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The CloudEvents the service published about a job, read from the local stack's Kafka. */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    /** Every event of {@code topic} keyed by the job, parsed; empty when there is none (yet). */
    public static List<JsonNode> of(String topic, UUID job) {
        return KafkaTopics.readAll(topic, job.toString()).stream().map(record -> parse(record.value())).toList();
    }

    /** Waits until the job has at least one event on {@code topic}, and returns them all. */
    public static List<JsonNode> await(String topic, UUID job) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> of(topic, job), events -> !events.isEmpty());
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
