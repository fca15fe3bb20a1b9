package dev.headshots.ingest.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.KafkaTopics;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Metrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The {@code headshots.stored} CloudEvent, read back from the real broker exactly as a downstream service would. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class StoredEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RELAY_RUNS = "headshots_outbox_runs_total";

    @InjectOrigin
    ImageOrigin origin;

    @Test
    void aCompletedJobPublishesOneCloudEventDescribingEveryStoredImage() throws Exception {
        UUID id = UUID.randomUUID();
        Callbacks.accept(id, origin.urls(id.toString(), 5));
        JsonPath job = Jobs.awaitTerminal(id);

        ConsumerRecord<String, String> record = awaitEvents(id).get(0);
        assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .isEqualTo("application/cloudevents+json; charset=UTF-8");
        JsonNode event = JSON.readTree(record.value());
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("type").asText()).isEqualTo("headshots.stored");
        assertThat(event.get("id").asText()).isEqualTo(StoredEvent.idOf(id).toString());
        assertThat(event.get("subject").asText()).isEqualTo(id.toString());
        assertThat(event.get("time").asText()).isNotBlank();
        JsonNode data = event.get("data");
        assertThat(data.get("headshots_id").asText()).isEqualTo(id.toString());
        assertThat(data.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(data.get("bucket").asText()).isEqualTo("headshots");
        assertThat(data.get("image_count").asInt()).isEqualTo(5);
        assertThat(data.get("failed")).isEmpty();
        assertThat(data.get("images")).hasSize(5);
        for (int i = 0; i < 5; i++) {
            JsonNode image = data.get("images").get(i);
            assertThat(image.get("index").asInt()).isEqualTo(i + 1);
            assertThat(image.get("key").asText()).isEqualTo(job.getString("images[" + i + "].key"));
            assertThat(image.get("bytes").asLong()).isEqualTo(job.getLong("images[" + i + "].bytes"));
            assertThat(image.get("sha256").asText()).isEqualTo(origin.sha256(i + 1));
            assertThat(image.get("content_type").asText()).isEqualTo("image/jpeg");
        }
    }

    @Test
    void aPartialJobsEventListsTheFailedImagesAndWhy() throws Exception {
        UUID id = UUID.randomUUID();
        origin.fault(id.toString(), 2, Fault.always(404));
        Callbacks.accept(id, origin.urls(id.toString(), 3));
        Jobs.awaitTerminal(id);

        JsonNode data = JSON.readTree(awaitEvents(id).get(0).value()).get("data");
        assertThat(data.get("status").asText()).isEqualTo("PARTIAL");
        assertThat(data.get("images")).extracting(image -> image.get("index").asInt()).containsExactly(1, 3);
        assertThat(data.get("failed")).hasSize(1);
        assertThat(data.get("failed").get(0).get("index").asInt()).isEqualTo(2);
        assertThat(data.get("failed").get(0).get("error").asText()).isEqualTo("HTTP_STATUS");
    }

    @Test
    void aDuplicateCallbackPublishesNoSecondEvent() {
        UUID id = UUID.randomUUID();
        List<String> urls = origin.urls(id.toString(), 2);
        Callbacks.accept(id, urls);
        Jobs.awaitTerminal(id);
        awaitEvents(id);

        Callbacks.accept(id, urls);
        Jobs.awaitDeliveries(id, 2);
        double runs = Metrics.value(RELAY_RUNS);

        // The duplicate settles the job again within milliseconds of being counted; two relay runs finished after that
        // have published whatever it could have added. The topic, read to its end, still holds one event of this job.
        await().atMost(Duration.ofSeconds(15)).until(() -> Metrics.value(RELAY_RUNS) >= runs + 2);
        assertThat(KafkaTopics.readAll(Topics.STORED, id.toString())).hasSize(1);
    }

    private static List<ConsumerRecord<String, String>> awaitEvents(UUID id) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> KafkaTopics.readAll(Topics.STORED, id.toString()), records -> !records.isEmpty());
    }
}
