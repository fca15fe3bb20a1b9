package dev.headshots.ingest.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.support.EventSchemas;

/**
 * The {@code headshots.stored} events a chaos run caused: {@link #mark()} notes the end of every partition before the run, and
 * {@link #eventsSince} reads from there to the current end, keeping the events of the run's jobs. The topic is shared by every
 * test of the stack and only grows, so the run never reads it from the start.
 */
final class StoredTopic {

    static final String TOPIC = "headshots.stored";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One copy of a job's event: its CloudEvents {@code id} and {@code data.status}. */
    record Event(String id, String status) {
    }

    private StoredTopic() {
    }

    static Map<TopicPartition, Long> mark() {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer));
        }
    }

    /** Every event keyed by one of {@code jobs}, by job, in the order read, from {@code start} to the end now. */
    static Map<UUID, List<Event>> eventsSince(Map<TopicPartition, Long> start, Collection<UUID> jobs) {
        Set<String> keys = new HashSet<>(jobs.stream().map(UUID::toString).toList());
        Map<UUID, List<Event>> events = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            partitions.forEach(partition -> consumer.seek(partition, start.getOrDefault(partition, 0L)));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (keys.contains(record.key())) {
                        events.computeIfAbsent(UUID.fromString(record.key()), id -> new ArrayList<>()).add(parse(record));
                    }
                }
            }
        }
        return events;
    }

    private static Event parse(ConsumerRecord<String, String> record) {
        try {
            EventSchemas.requireValid(record.value());
            JsonNode event = JSON.readTree(record.value());
            return new Event(event.path("id").asText(null), event.path("data").path("status").asText(null));
        } catch (IOException e) {
            throw new UncheckedIOException("an unreadable headshots.stored event for " + record.key(), e);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
        return consumer.partitionsFor(TOPIC).stream().map(info -> new TopicPartition(TOPIC, info.partition())).toList();
    }

    private static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
    }
}
