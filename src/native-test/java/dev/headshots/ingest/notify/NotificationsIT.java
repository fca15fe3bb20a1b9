package dev.headshots.ingest.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.headshots.ingest.outbox.StoredEvent;
import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.simulator.SimulatorSettings;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.NotifyReceiver;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Notification deliveries with packaged instances: the time from a job's terminal status to its delivery, measured; an instance
 * SIGKILLed while it holds claims on deliveries (its requests held open by the receiver) leaves them to another instance, which
 * delivers each, with the same {@code webhook-id}, once the dead instance's leases have lapsed; and an instance stopped with
 * SIGTERM while it holds claims gives them back before it exits, for another instance to deliver at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationsIT {

    private static final int[] PORTS = {8097, 8098};
    private static final String RUNFLOW_KEY = "notifications-it-runflow-key";
    private static final String ADMIN_KEY = "test-admin-key";

    private static RunflowSimulator runflow;
    private static final List<ServiceProcess> instances = new ArrayList<>();

    @BeforeAll
    static void start() {
        runflow = RunflowSimulator.start(SimulatorSettings.builder().apiKey(RUNFLOW_KEY).imagesPerJob(1).smallImages(true)
                .callbackDelay(Duration.ofMillis(100)).build());
        for (int port : PORTS) {
            instances.add(new ServiceProcess(port, Map.of(
                    "headshots.runflow.base-url", runflow.baseUrl(),
                    "headshots.runflow.api-key", RUNFLOW_KEY,
                    "headshots.public-base-url", "http://localhost:" + port,
                    "headshots.retry.instance-id", "notify-it-" + port),
                    Path.of("target/notifications-it-" + port + ".log")));
        }
    }

    /** Each test starts the instances it needs. */
    @AfterEach
    void stopInstances() throws InterruptedException {
        for (ServiceProcess instance : instances) {
            instance.close();
        }
    }

    @AfterAll
    static void stop() {
        if (runflow != null) {
            runflow.close();
        }
    }

    /**
     * The time from a job's terminal status to its notification's 2xx, over {@code -Dnotify.latency.jobs} jobs (20 by default;
     * the figures in docs/notifications.md are from 200), one packaged instance, one small image per job, a handler on loopback
     * answering at once. Reported (p50, p99), not judged; every job must be delivered.
     */
    @Test
    @Order(1)
    void theTimeFromTerminalStatusToDeliveryIsMeasured() throws Exception {
        int count = Integer.getInteger("notify.latency.jobs", 20);
        instances.get(1).start();
        try (NotifyReceiver receiver = NotifyReceiver.start()) {
            String tenant = "notify-lat-" + UUID.randomUUID().toString().substring(0, 8);
            String key = tenantNotifiedAt(PORTS[1], tenant, receiver.url("/latency"));
            List<UUID> jobs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                jobs.add(submit(PORTS[1], key, i));
                Thread.sleep(100); // a steady 10 submissions/s: the latency of a paced stream, not of a burst's queue
            }
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> Database.queryLong(
                    "SELECT count(*) FROM notification WHERE tenant_id = ? AND status = 'DELIVERED'", tenant) == count);
            List<Long> server = new ArrayList<>();
            List<Long> handler = new ArrayList<>();
            for (UUID job : jobs) {
                server.add(Database.queryLong("SELECT (extract(epoch FROM delivered_at - created_at) * 1000)::bigint "
                        + "FROM notification WHERE headshots_id = ?", job));
                long completed = Database.queryLong("SELECT (extract(epoch FROM completed_at) * 1000)::bigint "
                        + "FROM headshot_job WHERE headshots_id = ?", job);
                NotifyReceiver.Received first = receiver.receivedFor(webhookId(job)).get(0);
                handler.add(first.arrived().toEpochMilli() - completed);
            }
            String report = String.format("notifications over %d jobs: terminal status -> 2xx recorded (server) p50 %d ms, "
                    + "p99 %d ms, max %d ms; terminal status -> request at the handler p50 %d ms, p99 %d ms, max %d ms%n",
                    count, percentile(server, 50), percentile(server, 99), percentile(server, 100),
                    percentile(handler, 50), percentile(handler, 99), percentile(handler, 100));
            System.out.print(report);
            Files.writeString(Path.of("target/notify-latency.txt"), report);
        }
    }

    @Test
    @Order(2)
    void anInstanceKilledWhileHoldingDeliveriesLeavesThemToAnotherWhichDeliversThem() throws Exception {
        ServiceProcess first = instances.get(0);
        first.start();
        try (NotifyReceiver receiver = NotifyReceiver.start().holdAnswers()) {
            String tenant = "notify-it-" + UUID.randomUUID().toString().substring(0, 8);
            List<UUID> jobs = heldAtTheReceiver(PORTS[0], tenant, receiver);

            first.kill();
            instances.get(1).start();
            receiver.release();

            awaitDeliveredByAnother(tenant, jobs, receiver);
        }
    }

    @Test
    @Order(3)
    void anInstanceStoppedWhileHoldingDeliveriesGivesThemBackBeforeItExits() throws Exception {
        ServiceProcess stopped = instances.get(1);
        stopped.start();
        try (NotifyReceiver receiver = NotifyReceiver.start().holdAnswers()) {
            String tenant = "notify-term-" + UUID.randomUUID().toString().substring(0, 8);
            List<UUID> jobs = heldAtTheReceiver(PORTS[1], tenant, receiver);

            stopped.close();
            assertThat(Database.queryLong("SELECT count(*) FROM notification WHERE tenant_id = ? AND status = 'PENDING' "
                    + "AND lease_owner IS NULL AND next_attempt_at <= now()", tenant))
                    .as("given back, due at once, by the instance that shut down (a lapsed lease would still name it)")
                    .isEqualTo(jobs.size());

            instances.get(0).start();
            receiver.release();
            awaitDeliveredByAnother(tenant, jobs, receiver);
        }
    }

    /**
     * Three jobs of a fresh tenant notified at {@code receiver}, submitted to the instance on {@code port}, whose deliveries
     * are in flight, held by the receiver, and claimed by that instance.
     */
    private static List<UUID> heldAtTheReceiver(int port, String tenant, NotifyReceiver receiver) {
        String key = tenantNotifiedAt(port, tenant, receiver.url("/hook"));
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(submit(port, key, i));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.arrivals() == jobs.size());
        assertThat(Database.queryLong("SELECT count(*) FROM notification WHERE tenant_id = ? AND status = 'SENDING' "
                + "AND lease_owner LIKE ?", tenant, "notify-it-" + port + "-%")).as("claims held by the instance on " + port)
                .isEqualTo(jobs.size());
        return jobs;
    }

    /** Every job's delivery DELIVERED on a second attempt, its event received with its own {@code webhook-id}. */
    private static void awaitDeliveredByAnother(String tenant, List<UUID> jobs, NotifyReceiver receiver) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> Database.queryLong(
                "SELECT count(*) FROM notification WHERE tenant_id = ? AND status = 'DELIVERED'", tenant) == jobs.size());
        assertThat(Database.queryLong("SELECT min(attempts) FROM notification WHERE tenant_id = ?", tenant))
                .as("each taken over: a second attempt").isEqualTo(2);
        for (UUID job : jobs) {
            String id = webhookId(job);
            assertThat(receiver.receivedFor(id)).as("job " + job).isNotEmpty().allMatch(request -> request.id().equals(id));
        }
    }

    private static String webhookId(UUID job) {
        return StoredEvent.idOf(job).toString();
    }

    /** A fresh tenant notified at {@code url}, with a signing secret; its API key. */
    private static String tenantNotifiedAt(int port, String tenant, String url) {
        admin(port).contentType(ContentType.JSON).body(Map.of("id", tenant, "name", "Latency", "notify_url", url))
                .post("/admin/v1/tenants").then().statusCode(201);
        admin(port).post("/admin/v1/tenants/" + tenant + "/signing-secrets").then().statusCode(201);
        return admin(port).post("/admin/v1/tenants/" + tenant + "/api-keys").then().statusCode(201).extract().path("api_key");
    }

    private static UUID submit(int port, String key, int seed) {
        String location = given().baseUri("http://localhost:" + port).header("X-Api-Key", key)
                .multiPart("images", "me.jpg", Photos.jpeg(seed), "image/jpeg").post("/v1/headshots").then()
                .statusCode(202).extract().header("Location");
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static RequestSpecification admin(int port) {
        return given().baseUri("http://localhost:" + port).header("X-Admin-Key", ADMIN_KEY);
    }
}
