package dev.headshots.ingest.runflow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.simulator.Faults;
import dev.headshots.ingest.simulator.RunFaults;
import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.simulator.SimulatedJob;
import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.Events;
import dev.headshots.ingest.support.InjectSimulator;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.RunCallbacks;
import dev.headshots.ingest.support.RunflowSignatures;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import dev.headshots.ingest.support.RunsApiProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * {@code POST /v1/headshots} through Runflow's runs platform ({@code headshots.runflow.api=runs}), end to end against the
 * simulator and the real stack: the photos go to our bucket, the run is created with their presigned URLs, our callback URL and
 * metadata naming our submission and tenant, and Runflow reads exactly the photos we were given; each way the run can end
 * (completed, partially, failed, cancelled) takes the job to its outcome and event, fetching only what is due; the photos are
 * deleted once the run is over; a refused run leaves neither a job nor photos; and the per-job URL holds a run's callback to
 * its signature and metadata.
 */
@QuarkusTest
@TestProfile(RunsApiProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class RunsSubmissionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN_URL = "http://localhost:8081/webhooks/runflow/headshots/[A-Za-z0-9_-]{43}";

    @InjectSimulator
    RunflowSimulator runflow;

    @Test
    void aSubmissionBecomesARunThatReadsOurPhotosAndCompletes() throws Exception {
        byte[] first = Photos.jpeg(11);
        byte[] second = Photos.png(12);
        UUID id = UUID.fromString(Jobs.api().multiPart("images", "a.jpg", first, "image/jpeg")
                .multiPart("images", "b.png", second, "image/png")
                .post("/v1/headshots").then().statusCode(202).body("status", equalTo("SUBMITTED"))
                .extract().path("headshots_id"));

        SimulatedJob run = runflow.job(id);
        assertThat(run.isRun()).isTrue();
        assertThat(id.version()).as("the job's id is the run's UUIDv7").isEqualTo(7);
        assertThat(run.run().model()).isEqualTo(RunflowSimulatorResource.MODEL);
        assertThat(run.callbackUrl().toString()).matches(TOKEN_URL);
        Map<String, Object> metadata = run.run().metadata();
        assertThat(metadata).containsEntry("tenant", "default").containsKey("headshots_submission_id");
        String submission = (String) metadata.get("headshots_submission_id");
        assertThat(run.run().inputUrls()).hasSize(2).allSatisfy(url -> assertThat(url)
                .startsWith("http://127.0.0.1:9090/headshots/photos/" + submission + "/").contains("X-Amz-Expires=600"));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getString("runflow_api")).isEqualTo("runs");
        assertThat(job.getString("runflow_event")).isEqualTo("run.completed");
        assertThat(run.photoSha256s()).as("Runflow read exactly the photos we were given")
                .containsExactly(sha256(first), sha256(second));
        assertThat(job.getList("images")).hasSize(60);
        IntStream.rangeClosed(1, 60).forEach(index -> assertThat(runflow.hits(id, index)).isEqualTo(1));
        assertThat(Events.await(Topics.STORED, id)).hasSize(1);
        assertThat(Database.queryLong("SELECT count(*) FROM runflow_delivery WHERE headshots_id = ? AND source = 'callback'"
                + " AND request_id LIKE 'req_%'", id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> Bucket.keys("photos/" + submission + "/").isEmpty());
        assertThat(Database.queryLong("SELECT count(*) FROM headshot_job WHERE headshots_id = ? AND photo_keys IS NULL", id))
                .isEqualTo(1);
    }

    @Test
    void aRefusedRunLeavesNoJobAndNoPhotos() {
        List<String> photosBefore = Bucket.keys("photos/");
        long jobsBefore = Database.queryLong("SELECT count(*) FROM headshot_job");
        runflow.nextJobFaults(Faults.none().withSubmissionStatus(500));

        Jobs.api().multiPart("images", "a.jpg", Photos.jpeg(13), "image/jpeg").post("/v1/headshots").then()
                .statusCode(502).contentType("application/problem+json")
                .body("type", equalTo("urn:headshots:problem:upstream-failed"))
                .body("detail", containsString("Runflow answered HTTP 500"));

        assertThat(Bucket.keys("photos/")).isSubsetOf(photosBefore);
        assertThat(Database.queryLong("SELECT count(*) FROM headshot_job")).isEqualTo(jobsBefore);
        assertThat(Database.queryLong("SELECT count(*) FROM pending_submission WHERE created_at > now() - interval '1 minute'"))
                .isZero();
    }

    @Test
    void aFailedRunEndsFailedWithRunflowsErrorAndNothingFetched() {
        runflow.nextJobFaults(Faults.none().withRun(RunFaults.none().withOutcome(RunFaults.Outcome.FAILED)));
        UUID id = submit();

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("FAILED");
        assertThat(job.getString("failure.code")).isEqualTo("MODEL_ERROR");
        assertThat(job.getString("failure.message")).isNotBlank();
        assertThat(job.getList("images")).isEmpty();
        IntStream.rangeClosed(1, 60).forEach(index -> assertThat(runflow.hits(id, index)).isZero());
        assertThat(Bucket.keys(id + "/")).isEmpty();
        JsonNode data = Events.await(Topics.STORED, id).get(0).get("data");
        assertThat(data.get("status").asText()).isEqualTo("FAILED");
        assertThat(data.get("failure").get("code").asText()).isEqualTo("MODEL_ERROR");
        awaitPhotosDeleted(id);
    }

    @Test
    void aCancelledRunEndsCancelledWithNothingFetched() {
        runflow.nextJobFaults(Faults.none().withRun(RunFaults.none().withOutcome(RunFaults.Outcome.CANCELED)));
        UUID id = submit();

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("CANCELLED");
        IntStream.rangeClosed(1, 60).forEach(index -> assertThat(runflow.hits(id, index)).isZero());
        assertThat(Events.await(Topics.STORED, id).get(0).get("data").get("status").asText()).isEqualTo("CANCELLED");
        awaitPhotosDeleted(id);
    }

    @Test
    void aPartialRunCopiesWhatItCarriedAndEndsPartial() {
        runflow.nextJobFaults(Faults.none().withRun(RunFaults.none().withPartial(5)));
        UUID id = submit();

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("PARTIAL");
        assertThat(job.getList("images.status")).hasSize(5).containsOnly("STORED");
        IntStream.rangeClosed(1, 60).forEach(index -> assertThat(runflow.hits(id, index)).isEqualTo(index <= 5 ? 1 : 0));
        assertThat(Events.await(Topics.STORED, id).get(0).get("data").get("status").asText()).isEqualTo("PARTIAL");
    }

    @Test
    void aRunsCallbackOnItsUrlMustBeSignedAndEchoItsMetadata() throws Exception {
        // The run is cancelled and its own callbacks lost, so that whether ours or a poll comes first, the job ends CANCELLED.
        runflow.nextJobFaults(Faults.none().withRun(RunFaults.none().withOutcome(RunFaults.Outcome.CANCELED)
                .withDrop(RunFaults.Drop.ALL)));
        UUID id = submit();
        SimulatedJob run = runflow.job(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> run.run().terminal());
        String url = run.callbackUrl().getPath();
        Map<String, Object> echoed = run.run().metadata();

        String unsigned = withMetadata(RunCallbacks.cancelled(id), echoed);
        post(url, unsigned, null).statusCode(401);
        post(url, unsigned, RunflowSignatures.sign("whsec_not-a-registered-secret", unsigned)).statusCode(401);
        String otherSubmission = withMetadata(RunCallbacks.cancelled(id), Map.of("headshots_submission_id",
                UUID.randomUUID().toString(), "tenant", "default"));
        post(url, otherSubmission, RunflowSignatures.sign(RunflowSignatures.NEW_SECRET, otherSubmission)).statusCode(403);
        String otherRun = withMetadata(RunCallbacks.cancelled(UUID.randomUUID()), echoed);
        post(url, otherRun, RunflowSignatures.sign(RunflowSignatures.NEW_SECRET, otherRun)).statusCode(403);
        assertThat(Database.queryLong("SELECT count(*) FROM runflow_delivery WHERE headshots_id = ? AND source = 'callback'",
                id)).as("no refused callback reached the job").isZero();

        post(url, unsigned, RunflowSignatures.sign(RunflowSignatures.OLD_SECRET, unsigned)).statusCode(200)
                .body("status", equalTo("accepted"));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(20)).until(() -> Database.queryLong("SELECT count(*) FROM runflow_delivery WHERE "
                + "headshots_id = ? AND source = 'callback'", id) == 1);
    }

    private static io.restassured.response.ValidatableResponse post(String path, String body, String signature) {
        var request = given().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("Runflow-Signature", signature);
        }
        return request.when().post(path).then();
    }

    private static String withMetadata(String envelope, Map<String, Object> metadata) throws Exception {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(envelope);
        node.set("metadata", JSON.valueToTree(metadata));
        return JSON.writeValueAsString(node);
    }

    private void awaitPhotosDeleted(UUID id) {
        String submission = (String) runflow.job(id).run().metadata().get("headshots_submission_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> Bucket.keys("photos/" + submission + "/").isEmpty());
    }

    static UUID submit() {
        String id = Jobs.api().multiPart("images", "me.jpg", Photos.jpeg(7), "image/jpeg")
                .post("/v1/headshots").then().statusCode(202).extract().path("headshots_id");
        return UUID.fromString(id);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
