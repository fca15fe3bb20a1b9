package dev.headshots.ingest.reconcile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.simulator.Faults;
import dev.headshots.ingest.simulator.RunFaults;
import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.simulator.SimulatorSettings;
import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.Events;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.ServiceProcess;

/**
 * Reconciliation with two packaged instances on one database: every callback of every run is lost (the simulator drops them
 * all), so only polling can complete the jobs. Each job is claimed by one instance at a time, so each run is polled exactly
 * once and each of its images fetched exactly once, whichever instance submitted it, and each job gets one outcome event.
 */
class ReconcileTwoInstancesIT {

    private static final int[] PORTS = {8091, 8092};
    private static final int JOBS = 8;
    private static final int IMAGES = 3;
    private static final String KEY = "reconcile-it-key";
    private static final String MODEL = "runflow/headshots-reconcile-it";

    private static RunflowSimulator runflow;
    private static final List<ServiceProcess> instances = new ArrayList<>();

    @BeforeAll
    static void start() {
        runflow = RunflowSimulator.start(SimulatorSettings.builder().apiKey(KEY).model(MODEL).imagesPerJob(IMAGES)
                .smallImages(true).callbackDelay(Duration.ofMillis(200))
                .defaultFaults(Faults.none().withRun(RunFaults.none().withDrop(RunFaults.Drop.ALL)))
                .log(line -> System.out.println("[runflow-simulator] " + line)).build());
        for (int port : PORTS) {
            ServiceProcess instance = new ServiceProcess(port, Map.ofEntries(
                    Map.entry("headshots.runflow.base-url", runflow.baseUrl()),
                    Map.entry("headshots.runflow.api-key", KEY),
                    Map.entry("headshots.runflow.api", "runs"),
                    Map.entry("headshots.runflow.model", MODEL),
                    Map.entry("headshots.runflow.reconcile-after", "3s"),
                    Map.entry("headshots.runflow.reconcile-interval", "200ms"),
                    Map.entry("headshots.runflow.reconcile-batch-size", "2"),
                    Map.entry("headshots.runflow.poll-backoff-initial", "20s"),
                    Map.entry("headshots.runflow.poll-backoff-max", "20s"),
                    Map.entry("headshots.runflow.callback-deadline", "2m"),
                    Map.entry("headshots.retry.instance-id", "reconcile-it-" + port)),
                    Path.of("target/reconcile-two-instances-it-" + port + ".log"));
            instance.start();
            instances.add(instance);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ServiceProcess instance : instances) {
            instance.close();
        }
        if (runflow != null) {
            runflow.close();
        }
    }

    @Test
    void eachRunIsPolledOnceAndEachImageCopiedOnceAcrossTwoInstances() {
        List<UUID> ids = new ArrayList<>();
        for (int job = 0; job < JOBS; job++) {
            int port = PORTS[job % PORTS.length];
            ids.add(UUID.fromString(given().port(port).header("X-Api-Key", Jobs.API_KEY)
                    .multiPart("images", "me.jpg", Photos.jpeg(job), "image/jpeg").post("/v1/headshots").then()
                    .statusCode(202).extract().path("headshots_id")));
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> ids.stream()
                .allMatch(id -> "COMPLETED".equals(status(id))));

        SoftAssertions softly = new SoftAssertions();
        for (UUID id : ids) {
            softly.assertThat(runflow.job(id).callbackAttempts()).as("callbacks that reached %s", id).isEmpty();
            softly.assertThat(runflow.job(id).run().polls()).as("polls of run %s", id).isEqualTo(1);
            for (int index = 1; index <= IMAGES; index++) {
                softly.assertThat(runflow.hits(id, index)).as("fetches of image %d of %s", index, id).isEqualTo(1);
                softly.assertThat(Bucket.sha256("%s/%03d.jpg".formatted(id, index))).as("image %d of %s", index, id)
                        .isEqualTo(runflow.sha256(id, index));
            }
            softly.assertThat(Database.queryLong("SELECT count(*) FROM runflow_delivery WHERE headshots_id = ? AND "
                    + "source = 'poll'", id)).as("deliveries from a poll of %s", id).isEqualTo(1);
            softly.assertThat(Events.await(Topics.STORED, id)).as("events of %s", id).hasSize(1);
        }
        softly.assertAll();
        for (int port : PORTS) {
            System.out.printf("instance on %d: %s polls%n", port, given().port(port).get("/q/metrics").then().extract()
                    .asString().lines().filter(line -> line.startsWith("headshots_reconcile_polls_total")).toList());
        }
    }

    private static String status(UUID id) {
        var response = given().port(PORTS[0]).header("X-Api-Key", Jobs.API_KEY).get("/v1/headshots/" + id);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.jsonPath().getString("status");
    }
}
