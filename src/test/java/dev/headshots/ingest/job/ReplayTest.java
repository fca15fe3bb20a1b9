package dev.headshots.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.outbox.StoredEvent;
import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.KafkaTopics;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * {@code POST /v1/headshots/{id}/replay} copies again what a finished job could not store, which a repeated callback never
 * does, and publishes the new outcome as an event of its own.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectOrigin
    ImageOrigin origin;

    @Test
    void aReplayCopiesAgainWhatARedeliveryLeavesAloneAndPublishesTheNewOutcome() throws Exception {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 2, Fault.always(404));
        List<String> urls = origin.urls(tag, 3);
        Callbacks.accept(id, urls);
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("PARTIAL");
        origin.fault(tag, 2, Fault.failing(404, 0));

        Callbacks.post(Callbacks.body(id, urls)).statusCode(200);
        Jobs.awaitDeliveries(id, 2);
        assertThat(Jobs.get(id).getString("status")).as("a repeated callback redoes nothing").isEqualTo("PARTIAL");
        assertThat(origin.hits(tag, 2)).isEqualTo(1);

        replay(id).statusCode(202)
                .header("Location", endsWith("/v1/headshots/" + id))
                .body("headshots_id", equalTo(id.toString()))
                .body("status", equalTo("COPYING"))
                .body("replay", equalTo(1))
                .body("replayed", contains(2))
                .body("not_replayed", empty());

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getInt("replays")).isEqualTo(1);
        assertThat(job.getInt("images[1].attempts")).isEqualTo(1);
        assertThat(origin.hits(tag, 2)).isEqualTo(2);
        assertThat(origin.hits(tag, 1)).as("stored images are not copied again").isEqualTo(1);
        assertThat(Bucket.sha256(id + "/002.jpg")).isEqualTo(origin.sha256(2));

        List<JsonNode> events = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> events(id), found -> found.size() == 2);
        assertThat(events.stream().map(event -> event.get("id").asText()).collect(Collectors.toSet()))
                .isEqualTo(Set.of(StoredEvent.idOf(id).toString(), StoredEvent.idOf(id, 1).toString()));
        JsonNode first = events.get(0).get("data");
        assertThat(first.get("status").asText()).isEqualTo("PARTIAL");
        assertThat(first.has("replay")).isFalse();
        assertThat(first.get("failed").get(0).get("status").asText()).isEqualTo("FAILED");
        JsonNode second = events.get(1).get("data");
        assertThat(second.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(second.get("replay").asInt()).isEqualTo(1);
        assertThat(second.get("images")).hasSize(3);

        replay(id).statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:headshots:problem:conflict"))
                .body("detail", containsString("nothing to replay"));
    }

    @Test
    void imagesWhoseUrlHasExpiredAreNotReplayedAndSaidSo() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 2, Fault.always(404));
        Callbacks.accept(id, List.of(origin.url(tag, 1, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)),
                origin.url(tag, 2)));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("FAILED");
        origin.fault(tag, 2, Fault.failing(404, 0));

        replay(id).statusCode(202).body("replayed", contains(2)).body("not_replayed", contains(1));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("PARTIAL");
        assertThat(job.getString("images[0].status")).isEqualTo("EXPIRED");
        assertThat(origin.hits(tag, 1)).isZero();
        replay(id).statusCode(409).body("detail", containsString("have expired"));
    }

    @Test
    void aJobStillCopyingCannotBeReplayed() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        CountDownLatch release = new CountDownLatch(1);
        origin.fault(tag, 1, Fault.held(release));
        try {
            Callbacks.accept(id, origin.urls(tag, 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> origin.hits(tag, 1) == 1);

            replay(id).statusCode(409).contentType("application/problem+json")
                    .body("detail", containsString("is COPYING"));
        } finally {
            release.countDown();
        }
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void anUnknownJobIsNotFoundAndAReplayNeedsAnApiKey() {
        replay(UUID.randomUUID()).statusCode(404).contentType("application/problem+json");
        Jobs.api().when().post("/v1/headshots/not-a-uuid/replay").then().statusCode(404);
        io.restassured.RestAssured.given().when().post("/v1/headshots/" + UUID.randomUUID() + "/replay").then().statusCode(401);
    }

    private static ValidatableResponse replay(UUID id) {
        return Jobs.api().when().post("/v1/headshots/" + id + "/replay").then();
    }

    private static List<JsonNode> events(UUID id) {
        return KafkaTopics.readAll(Topics.STORED, id.toString()).stream().map(ConsumerRecord::value).map(ReplayTest::parse)
                .toList();
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
