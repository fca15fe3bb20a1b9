package dev.headshots.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.Events;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Metrics;
import dev.headshots.ingest.support.RunCallbacks;
import dev.headshots.ingest.support.RunflowSignatures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Each terminal event of Runflow's runs platform, end to end against the real stack, signed with {@code Runflow-Signature} on
 * the shared endpoint: what lands in the bucket, the job's status, its {@code headshots.stored} event, and no fetch where none
 * is due. Then the order rules: a job's first outcome is final, a contrary or repeated event changes nothing and is recorded,
 * and a replayed signed callback fetches nothing twice.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class RunEventsTest {

    @InjectOrigin
    ImageOrigin origin;

    @Test
    void runCompletedIsCopiedLikeAHeadshotsCompletedKeyedByItsRunId() {
        UUID run = UUID.randomUUID();
        String tag = run.toString();
        RunflowSignatures.post(RunCallbacks.completed(run, origin.urls(tag, 60))).statusCode(200)
                .body("status", equalTo("accepted")).body("headshots_id", equalTo(run.toString()));

        JsonPath job = Jobs.awaitTerminal(run);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getString("runflow_event")).isEqualTo("run.completed");
        for (int index = 1; index <= 60; index++) {
            assertThat(Bucket.sha256("%s/%03d.jpg".formatted(run, index))).isEqualTo(origin.sha256(index));
            assertThat(origin.hits(tag, index)).as("fetches of image %d", index).isEqualTo(Jobs.attempts(job, index));
        }
        JsonNode data = single(Events.await(Topics.STORED, run)).get("data");
        assertThat(data.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(data.get("runflow_event").asText()).isEqualTo("run.completed");
        assertThat(data.get("images")).hasSize(60);
        assertThat(data.has("failure")).isFalse();
        assertThat(deliveries(run, "applied")).isEqualTo(1);
        assertThat(Database.queryLong("SELECT count(*) FROM runflow_delivery WHERE headshots_id = ? AND source = 'callback' "
                + "AND request_id LIKE 'req_test_%'", run)).as("Runflow-Request-Id kept with the delivery").isEqualTo(1);
    }

    @Test
    void runPartialSucceededCopiesWhatItCarriesAndEndsPartial() {
        UUID run = UUID.randomUUID();
        String tag = run.toString();
        RunflowSignatures.post(RunCallbacks.partial(run, origin.urls(tag, 3))).statusCode(200);

        JsonPath job = Jobs.awaitTerminal(run);
        assertThat(job.getString("status")).isEqualTo("PARTIAL");
        assertThat(job.getList("images.status")).containsOnly("STORED").hasSize(3);
        assertThat(Bucket.keys(run + "/")).hasSize(3);
        JsonNode data = single(Events.await(Topics.STORED, run)).get("data");
        assertThat(data.get("status").asText()).isEqualTo("PARTIAL");
        assertThat(data.get("runflow_event").asText()).isEqualTo("run.partial_succeeded");
        assertThat(data.get("images")).hasSize(3);
        assertThat(data.get("failed")).isEmpty();
    }

    @Test
    void aPartialRunWithNoImageEndsPartialAtOnce() {
        UUID run = UUID.randomUUID();
        RunflowSignatures.post(RunCallbacks.partial(run, List.of())).statusCode(200);

        JsonPath job = Jobs.awaitTerminal(run);
        assertThat(job.getString("status")).isEqualTo("PARTIAL");
        assertThat(job.getInt("image_count")).isZero();
        assertThat(single(Events.await(Topics.STORED, run)).get("data").get("image_count").asInt()).isZero();
    }

    @Test
    void runFailedEndsTheJobFailedWithRunflowsErrorAndFetchesNothing() {
        UUID run = UUID.randomUUID();
        RunflowSignatures.post(RunCallbacks.failed(run, "MODEL_ERROR", "No face found in photo 2.")).statusCode(200);

        JsonPath job = Jobs.awaitTerminal(run);
        assertThat(job.getString("status")).isEqualTo("FAILED");
        assertThat(job.getString("failure.code")).isEqualTo("MODEL_ERROR");
        assertThat(job.getString("failure.message")).isEqualTo("No face found in photo 2.");
        assertThat(job.getList("images")).isEmpty();
        assertThat(job.getString("completed_at")).isNotNull();
        assertThat(Bucket.keys(run + "/")).isEmpty();
        JsonNode data = single(Events.await(Topics.STORED, run)).get("data");
        assertThat(data.get("status").asText()).isEqualTo("FAILED");
        assertThat(data.get("runflow_event").asText()).isEqualTo("run.failed");
        assertThat(data.get("failure").get("code").asText()).isEqualTo("MODEL_ERROR");
        assertThat(data.get("failure").get("message").asText()).isEqualTo("No face found in photo 2.");
        assertThat(data.get("images")).isEmpty();
    }

    @Test
    void runCancelledEndsTheJobCancelledAndFetchesNothing() {
        UUID run = UUID.randomUUID();
        RunflowSignatures.post(RunCallbacks.cancelled(run)).statusCode(200);

        JsonPath job = Jobs.awaitTerminal(run);
        assertThat(job.getString("status")).isEqualTo("CANCELLED");
        assertThat(job.getList("images")).isEmpty();
        assertThat(Bucket.keys(run + "/")).isEmpty();
        JsonNode data = single(Events.await(Topics.STORED, run)).get("data");
        assertThat(data.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(data.get("runflow_event").asText()).isEqualTo("run.cancelled");
    }

    @Test
    void aRunFailedAfterRunCompletedChangesNothingAndIsRecorded() {
        UUID run = UUID.randomUUID();
        String tag = run.toString();
        RunflowSignatures.post(RunCallbacks.completed(run, origin.urls(tag, 4))).statusCode(200);
        assertThat(Jobs.awaitTerminal(run).getString("status")).isEqualTo("COMPLETED");
        Events.await(Topics.STORED, run);

        RunflowSignatures.post(RunCallbacks.failed(run, "MODEL_ERROR", "too late")).statusCode(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(run, "contrary") == 1);
        JsonPath job = Jobs.get(run);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getString("runflow_event")).isEqualTo("run.completed");
        assertThat(job.getString("failure")).isNull();
        assertThat(job.getList("images.status")).containsOnly("STORED");
        assertThat(origin.hits(tag)).isEqualTo(4);
        assertThat(Events.of(Topics.STORED, run)).hasSize(1);
        assertThat(single(Events.of(Topics.STORED, run)).get("data").get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void aRunCompletedAfterRunFailedIsNotFetchedEither() {
        UUID run = UUID.randomUUID();
        String tag = run.toString();
        RunflowSignatures.post(RunCallbacks.failed(run, "MODEL_ERROR", "first")).statusCode(200);
        assertThat(Jobs.awaitTerminal(run).getString("status")).isEqualTo("FAILED");

        RunflowSignatures.post(RunCallbacks.completed(run, origin.urls(tag, 2))).statusCode(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(run, "contrary") == 1);
        assertThat(Jobs.get(run).getString("status")).isEqualTo("FAILED");
        assertThat(Jobs.get(run).getList("images")).isEmpty();
        assertThat(origin.hits(tag)).isZero();
        assertThat(Events.of(Topics.STORED, run)).hasSize(1);
    }

    @Test
    void aReplayedSignedRunCompletedFetchesNothingTwice() {
        UUID run = UUID.randomUUID();
        String tag = run.toString();
        String body = RunCallbacks.completed(run, origin.urls(tag, 5));
        String signature = RunflowSignatures.sign(RunflowSignatures.NEW_SECRET, body);
        RunflowSignatures.post(signature, body).statusCode(200);
        assertThat(Jobs.awaitTerminal(run).getString("status")).isEqualTo("COMPLETED");

        // The captured request, sent again byte for byte: the signature has no timestamp, so it verifies.
        RunflowSignatures.post(signature, body).statusCode(200).body("status", equalTo("accepted"));
        RunflowSignatures.post(RunCallbacks.failed(run, "FORGED", "a replay cannot change the outcome either"))
                .statusCode(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(run, "duplicate") == 1
                && deliveries(run, "contrary") == 1);
        assertThat(origin.hits(tag)).isEqualTo(5);
        assertThat(Jobs.get(run).getString("status")).isEqualTo("COMPLETED");
        assertThat(Jobs.get(run).getInt("deliveries")).isEqualTo(3);
        assertThat(Events.of(Topics.STORED, run)).hasSize(1);
    }

    @Test
    void aSignedRunCallbackReplayedOnceItsErasedJobsTombstoneIsGoneIsRefusedAndRecreatesNothing() {
        UUID run = UUID.randomUUID();
        String tag = run.toString();
        // recorded 8 days ago: by now its job may be erased and its tombstone (kept 7 days at least) gone
        String body = RunCallbacks.envelope("run.completed", run, "succeeded", Map.of("image_urls", origin.urls(tag, 3)),
                Instant.now().minus(Duration.ofDays(8)));

        RunflowSignatures.post(body).statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("/completed_at"));
        assertThat(Jobs.api().get("/v1/headshots/" + run).statusCode()).isEqualTo(404);
        assertThat(origin.hits(tag)).isZero();
    }

    @Test
    void anUnknownRunEventAndABatchCallbackAreAnsweredIgnoredAndCounted() {
        double before = Metrics.value("headshots_callbacks_total{outcome=\"ignored\"}");
        UUID run = UUID.randomUUID();
        RunflowSignatures.post(RunCallbacks.envelope("run.started", run, "running", null)).statusCode(200)
                .body("status", equalTo("ignored"));
        RunflowSignatures.post("{\"event\":\"run.completed\",\"batch_id\":\"" + run + "\",\"output\":{\"items\":[]}}")
                .statusCode(200).body("status", equalTo("ignored"));

        assertThat(Metrics.value("headshots_callbacks_total{outcome=\"ignored\"}")).isEqualTo(before + 2);
        assertThat(Jobs.api().get("/v1/headshots/" + run).statusCode()).isEqualTo(404);
    }

    private static long deliveries(UUID run, String outcome) {
        return Database.queryLong("SELECT count(*) FROM runflow_delivery WHERE headshots_id = ? AND outcome = ?", run,
                outcome);
    }

    private static JsonNode single(List<JsonNode> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
