package dev.headshots.ingest.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.simulator.SimulatorSettings;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Tenants across two packaged instances on one database: a key revoked, or a tenant disabled, through one instance is refused
 * by the other within 5 s; and concurrent submissions spread over both never exceed a tenant's quota (20 at once, 5 allowed:
 * exactly 5). Runflow (the simulator) takes the jobs and holds its callbacks back, so that every accepted job stays in flight.
 */
class TenantsIT {

    private static final int[] PORTS = {8097, 8098};
    private static final String RUNFLOW_KEY = "tenants-it-runflow-key";
    private static final String ADMIN_KEY = "test-admin-key";
    private static final int CONCURRENT = 20;
    private static final int QUOTA = 5;

    private static RunflowSimulator runflow;
    private static final List<ServiceProcess> instances = new ArrayList<>();

    @BeforeAll
    static void start() {
        runflow = RunflowSimulator.start(SimulatorSettings.builder().apiKey(RUNFLOW_KEY)
                .callbackDelay(Duration.ofHours(1)).build());
        for (int port : PORTS) {
            ServiceProcess instance = new ServiceProcess(port, Map.of(
                    "headshots.runflow.base-url", runflow.baseUrl(),
                    "headshots.runflow.api-key", RUNFLOW_KEY,
                    "headshots.public-base-url", "http://localhost:" + port),
                    Path.of("target/tenants-it-" + port + ".log"));
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
    void aKeyRevokedThroughOneInstanceIsRefusedByTheOtherWithinFiveSeconds() {
        String tenant = "revoke-" + System.nanoTime() % 1_000_000;
        create(PORTS[0], tenant, Map.of());
        Response issued = admin(PORTS[0]).post("/admin/v1/tenants/" + tenant + "/api-keys");
        String key = issued.path("api_key");
        for (int port : PORTS) {
            api(port, key).get("/v1/headshots").then().statusCode(200);
        }

        long revoked = System.nanoTime();
        admin(PORTS[0]).delete("/admin/v1/tenants/" + tenant + "/api-keys/" + issued.path("key_id")).then().statusCode(204);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> api(PORTS[1], key).get("/v1/headshots").statusCode() == 401);
        System.out.printf("revoked key refused by the other instance after %d ms%n", (System.nanoTime() - revoked) / 1_000_000);
        api(PORTS[0], key).get("/v1/headshots").then().statusCode(401);
    }

    @Test
    void aTenantDisabledThroughOneInstanceIsRefusedByTheOtherWithinFiveSeconds() {
        String tenant = "disable-" + System.nanoTime() % 1_000_000;
        create(PORTS[1], tenant, Map.of());
        String key = admin(PORTS[1]).post("/admin/v1/tenants/" + tenant + "/api-keys").path("api_key");
        for (int port : PORTS) {
            api(port, key).get("/v1/headshots").then().statusCode(200);
        }

        admin(PORTS[1]).post("/admin/v1/tenants/" + tenant + "/disable").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> api(PORTS[0], key).get("/v1/headshots").statusCode() == 401);
        admin(PORTS[0]).post("/admin/v1/tenants/" + tenant + "/enable").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> api(PORTS[1], key).get("/v1/headshots").statusCode() == 200);
    }

    @Test
    void concurrentSubmissionsOverBothInstancesNeverExceedTheJobsInFlightQuota() throws Exception {
        List<Response> answers = race("inflight", Map.of("max_jobs_in_flight", QUOTA));
        assertThat(statuses(answers, 202)).isEqualTo(QUOTA);
        assertThat(statuses(answers, 429)).isEqualTo(CONCURRENT - QUOTA);
        answers.stream().filter(answer -> answer.statusCode() == 429).forEach(answer -> {
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.header("Retry-After")).isNotNull();
        });
    }

    @Test
    void concurrentSubmissionsOverBothInstancesNeverExceedTheSubmissionsPerMinuteQuota() throws Exception {
        int submissionsBefore = runflow.submissions();
        List<Response> answers = race("perminute", Map.of("submissions_per_minute", QUOTA));
        assertThat(statuses(answers, 202)).isEqualTo(QUOTA);
        assertThat(statuses(answers, 429)).isEqualTo(CONCURRENT - QUOTA);
        assertThat(runflow.submissions() - submissionsBefore).as("Runflow was called for the accepted ones only")
                .isEqualTo(QUOTA);
        answers.stream().filter(answer -> answer.statusCode() == 429)
                .forEach(answer -> assertThat(Integer.parseInt(answer.header("Retry-After"))).isBetween(1, 60));
    }

    /** {@value #CONCURRENT} submissions of a new tenant with {@code quota}, sent at once, alternately to both instances. */
    private static List<Response> race(String name, Map<String, Object> quota) throws Exception {
        String tenant = name + "-" + System.nanoTime() % 1_000_000;
        create(PORTS[0], tenant, quota);
        String key = admin(PORTS[0]).post("/admin/v1/tenants/" + tenant + "/api-keys").path("api_key");
        byte[] photo = Photos.jpeg(1);
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        try {
            List<CompletableFuture<Response>> sent = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                int port = PORTS[i % PORTS.length];
                sent.add(CompletableFuture.supplyAsync(() -> api(port, key)
                        .multiPart("images", "me.jpg", photo, "image/jpeg").post("/v1/headshots"), pool));
            }
            return sent.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private static long statuses(List<Response> answers, int status) {
        return answers.stream().map(Response::statusCode).filter(code -> code == status).count();
    }

    private static void create(int port, String tenant, Map<String, Object> fields) {
        Map<String, Object> body = new java.util.HashMap<>(fields);
        body.put("id", tenant);
        body.put("name", tenant);
        admin(port).contentType(ContentType.JSON).body(body).post("/admin/v1/tenants").then().statusCode(201);
    }

    private static io.restassured.specification.RequestSpecification admin(int port) {
        return given().baseUri("http://localhost:" + port).header("X-Admin-Key", ADMIN_KEY);
    }

    private static io.restassured.specification.RequestSpecification api(int port, String key) {
        return given().baseUri("http://localhost:" + port).header("X-Api-Key", key);
    }

}
