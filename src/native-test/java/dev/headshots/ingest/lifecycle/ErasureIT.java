package dev.headshots.ingest.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.outbox.LifecycleEvent;
import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.Events;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.ServiceProcess;
import dev.headshots.ingest.support.Tenants;
import io.restassured.RestAssured;

/**
 * Erasure and retention with packaged instances on one database: an instance is SIGKILLed right after it accepted a delete
 * (with a copy of the job in flight), and another instance, started afterwards, finishes the erasure until every object is
 * gone; then two instances run retention at once on a tenant's short period, and the job is erased once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErasureIT {

    private static final int[] PORTS = {8095, 8096};
    private static ImageOrigin origin;
    private static final List<ServiceProcess> instances = new ArrayList<>();

    @BeforeAll
    static void start() {
        origin = ImageOrigin.start(4, 160);
        RestAssured.baseURI = "http://localhost";
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ServiceProcess instance : instances) {
            instance.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    @Order(1)
    void anErasureWhoseInstanceWasKilledIsFinishedByAnother() throws Exception {
        ServiceProcess first = instance(PORTS[0]);
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        CountDownLatch never = new CountDownLatch(1);
        origin.fault(tag, 3, Fault.held(never));
        try {
            Callbacks.accept(id, origin.urls(tag, 3));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Bucket.keys(id + "/").size() == 2 && origin.hits(tag, 3) == 1);

            Jobs.api().delete("/v1/headshots/" + id).then().statusCode(202);
            first.kill();
            int left = Bucket.keys(id + "/").size();
            System.out.printf("erasure IT: at the SIGKILL, %d object(s) of the job were left, erasure row %s%n", left,
                    Database.queryText("SELECT status || ' passes=' || passes || ' owner=' || coalesce(lease_owner, '-') "
                            + "FROM job_erasure WHERE headshots_id = ?", id));

            instance(PORTS[1]);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "DELETED".equals(status(id, Jobs.API_KEY)));
        } finally {
            never.countDown();
        }
        assertThat(Bucket.keys(id + "/")).as("objects left").isEmpty();
        assertThat(Bucket.openUploads(id + "/")).as("uploads left open").isZero();
        assertThat(Database.queryLong("SELECT count(*) FROM job_erasure WHERE headshots_id = ?", id)).isZero();
        List<JsonNode> events = Events.await(Topics.LIFECYCLE, id);
        assertThat(events).extracting(event -> event.get("type").asText()).containsExactly(LifecycleEvent.DELETED);
    }

    @Test
    @Order(2)
    void twoInstancesRunningRetentionEraseAJobOnce() {
        instance(PORTS[0]);
        String tenant = Tenants.freshId("retention-it");
        String key = Tenants.withKey(tenant, Map.of("retention_images", "PT2S"));
        UUID id = UUID.randomUUID();
        Callbacks.accept(id, origin.urls(id.toString(), 2));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> "COMPLETED".equals(status(id, Jobs.API_KEY)));
        Database.execute("UPDATE headshot_job SET tenant_id = ? WHERE headshots_id = ?", tenant, id);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> "DELETED".equals(status(id, key)));
        assertThat(Bucket.keys(id + "/")).isEmpty();
        assertThat(Database.queryText("SELECT deletion_reason FROM headshot_job WHERE headshots_id = ?", id))
                .isEqualTo("retention");
        List<JsonNode> events = Events.await(Topics.LIFECYCLE, id);
        assertThat(events).hasSize(1);
    }

    /** The job's status read with {@code apiKey}; null while it is not recorded yet. */
    private static String status(UUID id, String apiKey) {
        var response = given().header("X-Api-Key", apiKey).get("/v1/headshots/" + id);
        return response.statusCode() == 200 ? response.jsonPath().getString("status") : null;
    }

    /** Starts a packaged instance on {@code port} that looks for erasures and retention often; requests go to it. */
    private static ServiceProcess instance(int port) {
        ServiceProcess instance = new ServiceProcess(port, Map.of(
                "headshots.download.total-timeout", "15s",
                "headshots.download.first-byte-timeout", "60s",
                "headshots.lifecycle.erasure-poll-interval", "200ms",
                "headshots.lifecycle.retention-interval", "500ms",
                "headshots.retry.instance-id", "erasure-it-" + port + "-" + UUID.randomUUID().toString().substring(0, 4)),
                Path.of("target/erasure-it-" + port + ".log"));
        instance.start();
        instances.add(instance);
        RestAssured.port = port;
        return instance;
    }
}
