package dev.headshots.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.KafkaTopics;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A record on the callbacks topic that cannot be read goes to the dead-letter topic with its error in the headers, and the
 * records behind it on the same partition are still processed.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class PoisonRecordTest {

    @InjectOrigin
    ImageOrigin origin;

    @Test
    void anUnreadableRecordIsDeadLetteredAndDoesNotBlockItsPartition() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] poison = "{\"headshots_id\": 42, \"image_urls\": {}".getBytes(StandardCharsets.UTF_8);

        KafkaTopics.send(Topics.CALLBACKS, id.toString(), poison);
        Callbacks.accept(id, origin.urls(id.toString(), 2));

        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
        ConsumerRecord<String, byte[]> dead = KafkaTopics.find(Topics.CALLBACKS_DLQ, id.toString(), Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no dead letter for " + id));
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(dead.headers().lastHeader("dead-letter-reason")).isNotNull();
        assertThat(dead.headers().lastHeader("dead-letter-topic").value())
                .isEqualTo(Topics.CALLBACKS.getBytes(StandardCharsets.UTF_8));
    }
}
