package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.headshots.ingest.callback.HeadshotsCompleted;
import dev.headshots.ingest.callback.HeadshotsCompletedDeserializer;
import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.KafkaTopics;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What an accepted callback becomes on {@code runflow.headshots.callbacks}, read back from the broker with the consumer's own
 * deserializer: a body of Runflow's shape as received with {@code received_at} appended, any other body encoded from its parsed
 * fields; both with this instance's time of receipt.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class PublishedRecordTest {

    @Test
    void aBodyOfRunflowsShapeIsPublishedAsReceivedPlusItsTimeOfReceipt() {
        UUID job = UUID.randomUUID();
        String body = "{\n  \"event\": \"headshots.completed\",\n  \"headshots_id\": \""
                + job.toString().toUpperCase() + "\",\n  \"image_urls\": [\"http:\\/\\/localhost:1\\/record\\/001.jpg\"]\n}\n";
        Instant before = Instant.now();

        Callbacks.post(body).statusCode(200);

        Instant after = Instant.now();
        ConsumerRecord<String, String> record = onlyRecordOf(job);
        assertThat(record.value()).startsWith(body.substring(0, body.lastIndexOf('}'))).contains(",\"received_at\":\"");
        HeadshotsCompleted read = read(record);
        assertThat(read.headshotsId()).isEqualTo(job);
        assertThat(read.event()).isEqualTo(HeadshotsCompleted.COMPLETED);
        assertThat(read.imageUrls()).containsExactly("http://localhost:1/record/001.jpg");
        assertThat(read.receivedAt()).isBetween(before, after);
    }

    @Test
    void aBodyWithFieldsOfItsOwnIsPublishedWithoutThem() {
        UUID job = UUID.randomUUID();
        String body = "{\"received_at\":\"1999-01-01T00:00:00Z\",\"event\":\"headshots.completed\",\"headshots_id\":\""
                + job + "\",\"image_urls\":[\"http://localhost:1/record/001.jpg\"],\"extra\":\"ünïcode\"}";
        Instant before = Instant.now();

        Callbacks.post(body).statusCode(200);

        Instant after = Instant.now();
        ConsumerRecord<String, String> record = onlyRecordOf(job);
        assertThat(record.value()).doesNotContain("1999", "extra");
        HeadshotsCompleted read = read(record);
        assertThat(read.headshotsId()).isEqualTo(job);
        assertThat(read.imageUrls()).containsExactly("http://localhost:1/record/001.jpg");
        assertThat(read.receivedAt()).isBetween(before, after);
    }

    private static ConsumerRecord<String, String> onlyRecordOf(UUID job) {
        List<ConsumerRecord<String, String>> records = KafkaTopics.readAll(Topics.CALLBACKS, job.toString());
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static HeadshotsCompleted read(ConsumerRecord<String, String> record) {
        try (HeadshotsCompletedDeserializer deserializer = new HeadshotsCompletedDeserializer()) {
            return deserializer.deserialize(Topics.CALLBACKS, record.value().getBytes(StandardCharsets.UTF_8));
        }
    }
}
