package dev.headshots.ingest.reconcile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.outbox.LifecycleEvent;
import dev.headshots.ingest.simulator.Faults;
import dev.headshots.ingest.simulator.RunFaults;
import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.simulator.SimulatedJob;
import dev.headshots.ingest.simulator.SimulatedRun;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.Events;
import dev.headshots.ingest.support.InjectSimulator;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Metrics;
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
 * No job without an outcome, with the runs API: a run whose callback never arrives is polled ({@code GET /v1/runs/{id}}) once
 * {@code reconcile-after} has passed, and its outcome taken through the same path as a callback (recorded as from the poll); a
 * finished run whose polled output lacks its images gets a callback redelivery asked for; callbacks refused for a wrong
 * signature are recovered the same way; a run that never reports times out at the deadline with one {@code headshots.timed_out}
 * event, and a callback arriving after that still takes the job to its outcome. (Profile: polled after 3 s, deadline 12 s.)
 */
@QuarkusTest
@TestProfile(RunsApiProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class ReconcileRunsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectSimulator
    RunflowSimulator runflow;

    @Test
    void aDroppedCallbackIsReconciledByPollingAndEachImageServedOnce() {
        runflow.nextJobFaults(Faults.none().withRun(RunFaults.none().withDrop(RunFaults.Drop.AUTOMATIC)));
        UUID id = submit();

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getInt("polls")).isEqualTo(1);
        assertThat(job.getList("images")).hasSize(60);
        SimulatedJob run = runflow.job(id);
        assertThat(run.callbackAttempts()).as("no callback ever reached us").isEmpty();
        assertThat(run.run().polls()).isEqualTo(1);
        IntStream.rangeClosed(1, 60).forEach(index -> assertThat(runflow.hits(id, index)).as("fetches of image %d", index)
                .isEqualTo(Jobs.attempts(job, index)));
        assertThat(Database.queryLong("SELECT count(*) FROM runflow_delivery WHERE headshots_id = ? AND source = 'poll' "
                + "AND event = 'run.completed' AND outcome = 'applied'", id)).isEqualTo(1);
        assertThat(Events.await(Topics.STORED, id)).hasSize(1);
        assertThat(Events.of(Topics.LIFECYCLE, id)).isEmpty();
    }

    @Test
    void aFinishedRunWithoutItsImagesGetsItsCallbackRedelivered() {
        double asked = Metrics.value("headshots_reconcile_redeliveries_total");
        runflow.nextJobFaults(Faults.none().withRun(RunFaults.none().withDrop(RunFaults.Drop.AUTOMATIC)
                .withoutOutputOnPoll()));
        UUID id = submit();

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        List<SimulatedRun.Delivery> deliveries = runflow.job(id).run().deliveries();
        assertThat(deliveries).extracting(SimulatedRun.Delivery::automatic).containsExactly(true, false);
        assertThat(deliveries.get(1).status()).isEqualTo("delivered");
        assertThat(Database.queryLong("SELECT count(*) FROM runflow_delivery WHERE headshots_id = ? AND source = 'callback'"
                + " AND outcome = 'applied'", id)).as("the redelivered callback").isEqualTo(1);
        assertThat(Metrics.value("headshots_reconcile_redeliveries_total")).isGreaterThan(asked);
        IntStream.rangeClosed(1, 60).forEach(index -> assertThat(runflow.hits(id, index)).as("fetches of image %d", index)
                .isEqualTo(Jobs.attempts(job, index)));
    }

    @Test
    void callbacksSignedWithAWrongSecretAreRefusedAndThePollRecoversTheOutcome() {
        runflow.nextJobFaults(Faults.none().withRun(RunFaults.none().withWrongSecret()));
        UUID id = submit();

        await().atMost(Duration.ofSeconds(30)).until(() -> runflow.job(id).callbackSettled());
        assertThat(runflow.job(id).callbackStatuses()).isNotEmpty().containsOnly(401);
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
        assertThat(Database.queryLong("SELECT count(*) FROM runflow_delivery WHERE headshots_id = ? AND source = 'poll'", id))
                .isEqualTo(1);
    }

    @Test
    void aFailedRunWhoseCallbackWasLostEndsFailedFromThePoll() {
        runflow.nextJobFaults(Faults.none().withRun(RunFaults.none().withOutcome(RunFaults.Outcome.FAILED)
                .withDrop(RunFaults.Drop.ALL)));
        UUID id = submit();

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("FAILED");
        assertThat(job.getString("failure.code")).isEqualTo("MODEL_ERROR");
        IntStream.rangeClosed(1, 60).forEach(index -> assertThat(runflow.hits(id, index)).isZero());
        assertThat(Events.await(Topics.STORED, id).get(0).get("data").get("failure").get("code").asText())
                .isEqualTo("MODEL_ERROR");
    }

    @Test
    void aRunThatNeverReportsTimesOutOnceAndALateCallbackStillCompletesTheJob() throws Exception {
        double timedOut = Metrics.value("headshots_jobs_timed_out_total");
        runflow.nextJobFaults(Faults.none().withRun(RunFaults.none().withDrop(RunFaults.Drop.ALL).withoutOutputOnPoll()));
        UUID id = submit();

        JsonPath job = Jobs.awaitStatus(id, "TIMED_OUT");
        assertThat(job.getString("timed_out_at")).isNotNull();
        assertThat(job.getInt("polls")).isGreaterThanOrEqualTo(2);
        List<JsonNode> events = Events.await(Topics.LIFECYCLE, id);
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.get("type").asText()).isEqualTo("headshots.timed_out");
        assertThat(event.get("id").asText()).isEqualTo(LifecycleEvent.idOf("headshots.timed_out", id).toString());
        assertThat(event.get("subject").asText()).isEqualTo(id.toString());
        assertThat(event.get("data").get("runflow_api").asText()).isEqualTo("runs");
        assertThat(event.get("data").get("redeliveries").asInt()).isBetween(1, 3);
        assertThat(Metrics.value("headshots_jobs_timed_out_total")).isGreaterThan(timedOut);
        assertThat(Events.of(Topics.STORED, id)).isEmpty();

        // Runflow's callback finally arrives, on the job's own URL, signed and echoing the run's metadata.
        SimulatedJob run = runflow.job(id);
        ObjectNode late = (ObjectNode) JSON.readTree(RunCallbacks.completed(id, run.imageUrls()));
        late.set("metadata", JSON.valueToTree(run.run().metadata()));
        String body = JSON.writeValueAsString(late);
        given().contentType(ContentType.JSON).header("Runflow-Signature", RunflowSignatures.sign(RunflowSignatures.NEW_SECRET,
                body)).body(body.getBytes(StandardCharsets.UTF_8)).when().post(run.callbackUrl().getPath()).then()
                .statusCode(200);

        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
        assertThat(Events.await(Topics.STORED, id)).hasSize(1);
        assertThat(Events.of(Topics.LIFECYCLE, id)).as("still one timed_out event").hasSize(1);
    }

    private static UUID submit() {
        String id = Jobs.api().multiPart("images", "me.jpg", Photos.jpeg(21), "image/jpeg")
                .post("/v1/headshots").then().statusCode(202).extract().path("headshots_id");
        return UUID.fromString(id);
    }
}
