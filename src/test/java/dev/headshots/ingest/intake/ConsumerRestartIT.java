package dev.headshots.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.ServiceProcess;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Kills the packaged service with SIGKILL in the middle of a copy and starts it again: once the dead process's claims have
 * lapsed, the new one takes them over (from the retry queue, or through the redelivered record) and finishes the job, fetching
 * again only the images that were in flight at the kill and none that were already stored.
 */
class ConsumerRestartIT {

    private static final int STORED_BEFORE_KILL = 20;
    private static final int IN_FLIGHT_AT_KILL = 10;
    private static final int IMAGES = STORED_BEFORE_KILL + IN_FLIGHT_AT_KILL;
    private static final String TOPIC = "runflow.headshots.callbacks.restart-it";

    private static ImageOrigin origin;
    private static ServiceProcess service;

    @BeforeAll
    static void start() {
        origin = ImageOrigin.start(IMAGES, 160);
        // A topic and group of its own: other instances of the test run (the @QuarkusIntegrationTest application)
        // must not copy this job too.
        service = new ServiceProcess(8093, Map.of(
                "mp.messaging.outgoing.callbacks-out.topic", TOPIC,
                "mp.messaging.incoming.callbacks.topic", TOPIC,
                "mp.messaging.incoming.callbacks.group.id", "headshots-ingest-restart-it",
                "mp.messaging.incoming.callbacks.session.timeout.ms", "6000",
                "mp.messaging.incoming.callbacks.heartbeat.interval.ms", "1000"),
                Path.of("target/consumer-restart-it.log"));
        service.start();
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = 8093;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        service.close();
        origin.close();
        RestAssured.reset();
    }

    @Test
    void aKilledConsumerResumesTheCopyWithoutRefetchingStoredImages() throws InterruptedException {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        CountDownLatch release = new CountDownLatch(1);
        for (int index = STORED_BEFORE_KILL + 1; index <= IMAGES; index++) {
            origin.fault(tag, index, Fault.held(release));
        }

        Callbacks.accept(id, origin.urls(tag, IMAGES));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> origin.hits(tag) == IMAGES && storedCount(id) == STORED_BEFORE_KILL);

        service.kill();
        release.countDown();
        service.start();

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(Database.queryLong("SELECT count(*) FROM headshot_image WHERE headshots_id = ? AND attempts = 2", id))
                .as("the images in flight at the kill were claimed again once their lease had lapsed")
                .isEqualTo(IN_FLIGHT_AT_KILL);
        for (int index = 1; index <= IMAGES; index++) {
            int expectedHits = index <= STORED_BEFORE_KILL ? 1 : 2;
            assertThat(origin.hits(tag, index)).as("origin hits of image %d", index).isEqualTo(expectedHits);
            assertThat(Bucket.sha256("%s/%03d.jpg".formatted(id, index))).isEqualTo(origin.sha256(index));
        }
    }

    private static long storedCount(UUID id) {
        var response = RestAssured.given().header("X-Api-Key", Jobs.API_KEY).get("/v1/headshots/" + id);
        if (response.statusCode() != 200) {
            return -1;
        }
        return response.jsonPath().getList("images.status", String.class).stream().filter("STORED"::equals).count();
    }
}
