package dev.headshots.ingest.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.outbox.LifecycleEvent;
import dev.headshots.ingest.simulator.Faults;
import dev.headshots.ingest.simulator.RunFaults;
import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.support.Events;
import dev.headshots.ingest.support.InjectSimulator;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LegacyReconcileProfile;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Metrics;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * A dropped callback with the legacy API, which has no status call: once {@code reconcile-after} (2 s here) has passed, the job
 * becomes {@code TIMED_OUT} at once, with one {@code headshots.timed_out} event of a stable id on {@code headshots.lifecycle}
 * and no poll; when Runflow's callback arrives after all, it is accepted and the job completes.
 */
@QuarkusTest
@TestProfile(LegacyReconcileProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class LegacyTimeoutTest {

    @InjectSimulator
    RunflowSimulator runflow;

    @Test
    void aDroppedLegacyCallbackTimesOutWithOneEventAndALateCallbackCompletesTheJob() throws Exception {
        double timedOut = Metrics.value("headshots_jobs_timed_out_total");
        runflow.nextJobFaults(Faults.none().withRun(RunFaults.none().withDrop(RunFaults.Drop.AUTOMATIC)));
        UUID id = UUID.fromString(Jobs.api().multiPart("images", "me.jpg", Photos.jpeg(31), "image/jpeg")
                .post("/v1/headshots").then().statusCode(202).extract().path("headshots_id"));

        JsonPath job = Jobs.awaitStatus(id, "TIMED_OUT");
        assertThat(job.getString("runflow_api")).isEqualTo("legacy");
        assertThat(job.getInt("polls")).as("the legacy API has no status call").isZero();
        assertThat(runflow.job(id).callbackAttempts()).isEmpty();
        List<JsonNode> events = Events.await(Topics.LIFECYCLE, id);
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("type").asText()).isEqualTo("headshots.timed_out");
        assertThat(event.get("id").asText()).isEqualTo(LifecycleEvent.idOf(LifecycleEvent.TIMED_OUT, id).toString());
        assertThat(event.get("data").get("status").asText()).isEqualTo("TIMED_OUT");
        assertThat(event.get("data").get("runflow_api").asText()).isEqualTo("legacy");
        assertThat(event.get("data").get("polls").asInt()).isZero();
        assertThat(Metrics.value("headshots_jobs_timed_out_total")).isEqualTo(timedOut + 1);

        assertThat(runflow.sendCallbackAgain(id).get()).isEqualTo(200);

        JsonPath completed = Jobs.awaitTerminal(id);
        assertThat(completed.getString("status")).isEqualTo("COMPLETED");
        assertThat(completed.getString("timed_out_at")).as("kept: the job did time out once").isNotNull();
        IntStream.rangeClosed(1, 60).forEach(index -> assertThat(runflow.hits(id, index)).isEqualTo(1));
        assertThat(Events.await(Topics.STORED, id)).hasSize(1);
        assertThat(Events.of(Topics.LIFECYCLE, id)).hasSize(1);
    }
}
