package dev.headshots.ingest.runflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.simulator.Faults;
import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.simulator.SimulatedJob;
import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.InjectSimulator;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.KafkaTopics;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Metrics;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The whole flow against the Runflow simulator and the real stack: our submission API → Runflow → per-job callback → Kafka →
 * Postgres → S3 → {@code headshots.stored}, read back through the job API, the presigned URLs and the topic.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class SubmissionFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN_URL = "http://localhost:8081/webhooks/runflow/headshots/[A-Za-z0-9_-]{43}";

    @InjectSimulator
    RunflowSimulator runflow;

    @Test
    void aSubmittedJobEndsWithSixtyStoredImagesAndOneStoredEvent() throws Exception {
        byte[] first = Photos.jpeg(1);
        byte[] second = Photos.png(2);
        String location = Jobs.api().multiPart("images", "me.jpg", first, "image/jpeg")
                .multiPart("images", "me2.png", second, "image/png")
                .post("/v1/headshots").then()
                .statusCode(202)
                .body("status", equalTo("SUBMITTED"))
                .body("status_url", matchesPattern("http://localhost:8081/v1/headshots/[0-9a-f-]{36}"))
                .extract().header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        SimulatedJob submitted = runflow.job(id);
        assertThat(submitted.photoCount()).isEqualTo(2);
        assertThat(submitted.photoSha256s()).containsExactly(sha256(first), sha256(second));
        assertThat(submitted.callbackUrl().toString()).matches(TOKEN_URL);

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getInt("photo_count")).isEqualTo(2);
        assertThat(job.getString("submitted_at")).isNotNull();
        assertThat(job.getInt("deliveries")).isEqualTo(1);
        assertThat(job.getList("images")).hasSize(60);
        assertThat(job.getString("$")).doesNotContain("X-Amz-Credential=" + "sim").doesNotContain(":" + runflow.port());

        HttpClient http = HttpClient.newHttpClient();
        for (int index = 1; index <= 60; index++) {
            String at = "images[" + (index - 1) + "].";
            assertThat(job.getString(at + "sha256")).isEqualTo(runflow.sha256(id, index));
            HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(job.getString(at + "url")))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).as("image %d via its presigned URL", index).isEqualTo(runflow.imageBytes(id,
                    index));
            assertThat(runflow.hits(id, index)).isEqualTo(1);
        }

        List<ConsumerRecord<String, String>> events = awaitEvents(id);
        assertThat(events).hasSize(1);
        JsonNode data = JSON.readTree(events.get(0).value()).get("data");
        assertThat(data.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(data.get("images")).hasSize(60);
        for (int index = 1; index <= 60; index++) {
            JsonNode image = data.get("images").get(index - 1);
            assertThat(image.get("key").asText()).isEqualTo("%s/%03d.jpg".formatted(id, index));
            assertThat(image.get("sha256").asText()).isEqualTo(runflow.sha256(id, index));
            assertThat(image.get("bytes").asLong()).isEqualTo(runflow.imageBytes(id, index).length);
        }
    }

    @Test
    void theCallbackTokenIsStoredOnlyAsItsDigest() {
        UUID id = submit();
        String url = runflow.job(id).callbackUrl().toString();
        String token = url.substring(url.lastIndexOf('/') + 1);

        assertThat(Database.queryLong("SELECT count(*) FROM headshot_job WHERE headshots_id = ? AND "
                + "callback_token_sha256 = sha256(convert_to(?, 'UTF8'))", id, token)).isEqualTo(1);
        assertThat(Database.queryLong("SELECT count(*) FROM headshot_job WHERE headshots_id = ? AND "
                + "position(convert_to(?, 'UTF8') IN callback_token_sha256) > 0", id, token)).isZero();
        Jobs.awaitTerminal(id);
    }

    @Test
    void aDuplicateCallbackIsAcceptedButYieldsNoSecondEvent() {
        runflow.nextJobFaults(Faults.none().withDuplicateCallbacks(1));
        UUID id = submit();
        Jobs.awaitTerminal(id);
        Jobs.awaitDeliveries(id, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> runflow.job(id).callbackStatuses().size() == 2);
        assertThat(runflow.job(id).callbackStatuses()).containsExactly(200, 200);
        double runs = Metrics.value("headshots_outbox_runs_total");

        await().atMost(Duration.ofSeconds(15)).until(() -> Metrics.value("headshots_outbox_runs_total") >= runs + 2);
        assertThat(awaitEvents(id)).hasSize(1);
        for (int index = 1; index <= 60; index++) {
            assertThat(runflow.hits(id, index)).isEqualTo(1);
        }
    }

    @Test
    void imagesThatFailTransientlyAtRunflowAreRetriedAndStored() {
        runflow.nextJobFaults(Faults.none().withFailingImages(2, 5, 17));
        UUID id = submit();
        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(runflow.hits(id, 5)).isEqualTo(3);
        assertThat(runflow.hits(id, 17)).isEqualTo(3);
        assertThat(job.getString("images[16].sha256")).isEqualTo(runflow.sha256(id, 17));
    }

    @Test
    void anImageThatIsAlwaysTruncatedIsRetriedAndNeverStoredWhileTheJobWaitsForIt() {
        runflow.nextJobFaults(Faults.none().withTruncatedImages(30));
        UUID id = submit();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> runflow.hits(id, 30) >= 3 && Jobs.get(id).getList("images.status", String.class).stream()
                            .filter("STORED"::equals).count() == 59);
            JsonPath job = Jobs.get(id);
            assertThat(job.getString("status")).as("waiting on its retries, not settled").isEqualTo("COPYING");
            assertThat(job.getString("images[29].status")).isIn("RETRYING", "COPYING");
            assertThat(job.getString("images[29].url")).isNull();
            assertThat(Bucket.exists(id + "/030.jpg")).as("a truncated body never becomes an object").isFalse();
        } finally {
            // Retried until the simulator's URL expires otherwise (24 h), long after this run's simulator is gone.
            Database.execute("DELETE FROM headshot_job WHERE headshots_id = ?", id);
        }
    }

    @Test
    void aRunflowAnswerCarryingIdInsteadOfHeadshotsIdIsUnderstood() {
        runflow.nextJobFaults(Faults.none().withIdField());
        UUID id = submit();
        assertThat(runflow.job(id).photoCount()).isEqualTo(1);
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
    }

    static UUID submit() {
        String id = Jobs.api().multiPart("images", "me.jpg", Photos.jpeg(7), "image/jpeg")
                .post("/v1/headshots").then().statusCode(202).extract().path("headshots_id");
        return UUID.fromString(id);
    }

    private static List<ConsumerRecord<String, String>> awaitEvents(UUID id) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> KafkaTopics.readAll(Topics.STORED, id.toString()), records -> !records.isEmpty());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
