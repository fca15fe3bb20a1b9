package dev.headshots.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The simulator's runs platform over real HTTP, against Runflow's documentation: run creation with Bearer auth, input images
 * read from their URLs, the callback envelope (field order, {@code +00:00} timestamps, metadata echoed), its
 * {@code Runflow-Signature} by the newest of several secrets and a fresh {@code Runflow-Request-Id} per request, retries that
 * give up, {@code GET /v1/runs/{id}}, delivery history and redelivery, and each fault switch.
 */
class SimulatorRunsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "runs-key";
    private static final String OLD = "whsec_old-callback-secret";
    private static final String NEW = "whsec_new-callback-secret";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final CallbackReceiver receiver = CallbackReceiver.start();
    private RunflowSimulator simulator;

    @BeforeEach
    void start() {
        simulator = RunflowSimulator.start(settings().build());
    }

    @AfterEach
    void stop() {
        simulator.close();
        receiver.close();
    }

    private SimulatorSettings.Builder settings() {
        return SimulatorSettings.builder().apiKey(KEY).callbackDelay(Duration.ofMillis(50)).imagesPerJob(4)
                .smallImages(true).callbackSecrets(List.of(OLD, NEW)).model("runflow/headshots")
                .callbackBackoff(Duration.ofMillis(50), Duration.ofMillis(200)).callbackMaxAttempts(3).log(log::add);
    }

    private void restartWith(SimulatorSettings.Builder settings) {
        simulator.close();
        simulator = RunflowSimulator.start(settings.build());
    }

    @Test
    void creatingARunNeedsTheBearerKeyTheModelAndAValidBody() throws Exception {
        String body = runBody(inputs(1), receiver.url(), Map.of());
        assertThat(create("runflow/headshots", body, null).statusCode()).isEqualTo(401);
        assertThat(create("runflow/headshots", body, "Bearer wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> otherModel = create("runflow/other", body, "Bearer " + KEY);
        assertThat(otherModel.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(otherModel.body()).get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(create("runflow/headshots", "{\"input\":", "Bearer " + KEY).statusCode()).isEqualTo(400);
        HttpResponse<String> invalid = create("runflow/headshots",
                "{\"input\":{\"input_images\":[\"ftp://x\"]},\"callback_url\":\"nope\",\"metadata\":[]}", "Bearer " + KEY);
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(invalid.body()).get("message").asText()).contains("input_images", "callback_url",
                "metadata");
        assertThat(simulator.jobs()).noneMatch(SimulatedJob::isRun);
    }

    @Test
    void aRunReadsItsInputsAndCallsBackWithTheSignedEnvelope() throws Exception {
        List<String> inputs = inputs(2);
        Map<String, Object> metadata = Map.of("headshots_submission_id", "5d1f", "tenant", "default");
        HttpResponse<String> created = create("runflow/headshots", runBody(inputs, receiver.url(), metadata), "Bearer " + KEY);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode run = JSON.readTree(created.body());
        UUID id = UUID.fromString(run.get("id").asText());
        assertThat(id.version()).as("run ids are UUIDv7").isEqualTo(7);
        assertThat(run.get("status_code").asText()).isEqualTo("queued");

        CallbackReceiver.Received callback = awaitCallbacks(1).get(0);
        List<String> fields = new java.util.ArrayList<>();
        JSON.readTree(callback.body()).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("event", "run_id", "status", "output", "duration_ms", "created_at",
                "completed_at", "metadata");
        JsonNode envelope = JSON.readTree(callback.body());
        assertThat(envelope.get("event").asText()).isEqualTo("run.completed");
        assertThat(envelope.get("run_id").asText()).isEqualTo(id.toString());
        assertThat(envelope.get("status").asText()).isEqualTo("succeeded");
        assertThat(envelope.get("output").get("image_urls")).hasSize(4);
        assertThat(envelope.get("created_at").asText()).endsWith("+00:00").doesNotContain("Z");
        assertThat(envelope.get("completed_at").asText()).endsWith("+00:00");
        assertThat(JSON.convertValue(envelope.get("metadata"), Map.class)).isEqualTo(metadata);
        assertThat(callback.header("Runflow-Signature")).isEqualTo(hmac(NEW, callback.body()))
                .isNotEqualTo(hmac(OLD, callback.body()));
        assertThat(callback.header("Runflow-Request-Id")).matches("req_[0-9a-f]{24}");

        SimulatedJob job = simulator.job(id);
        assertThat(job.photoSha256s()).containsExactly(sha256Of(inputs.get(0)), sha256Of(inputs.get(1)));
        assertThat(job.run().metadata()).isEqualTo(metadata);
    }

    @Test
    void aRefusedCallbackIsRetriedWithFreshRequestIdsThenGivenUp() throws Exception {
        receiver.answer(500, 503, 500, 500);
        UUID id = createRun(receiver.url());

        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.job(id).callbackSettled());
        List<CallbackReceiver.Received> attempts = receiver.received();
        assertThat(attempts).hasSize(3);
        assertThat(new HashSet<>(attempts.stream().map(a -> a.header("Runflow-Request-Id")).toList())).hasSize(3);
        JsonNode history = JSON.readTree(get("/v1/runs/" + id + "/callback").body());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("status_code").asText()).isEqualTo("failed");
        assertThat(history.get(0).get("is_automatic").asBoolean()).isTrue();
        assertThat(history.get(0).get("attempts")).extracting(attempt -> attempt.get("status_code").asInt())
                .containsExactly(500, 503, 500);
    }

    @Test
    void aRunCanBePolledAndItsCallbackRedelivered() throws Exception {
        UUID id = createRun(receiver.url());
        awaitCallbacks(1);

        JsonNode run = JSON.readTree(get("/v1/runs/" + id).body());
        assertThat(run.get("status_code").asText()).isEqualTo("succeeded");
        assertThat(run.get("output").get("image_urls")).hasSize(4);
        assertThat(run.get("metadata").get("tenant").asText()).isEqualTo("default");
        assertThat(simulator.job(id).run().polls()).isEqualTo(1);
        assertThat(get("/v1/runs/" + UUID.randomUUID()).statusCode()).isEqualTo(404);

        HttpResponse<String> redelivery = post("/v1/runs/" + id + "/callback-redeliveries");
        assertThat(redelivery.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(redelivery.body()).get("is_automatic").asBoolean()).isFalse();
        List<CallbackReceiver.Received> callbacks = awaitCallbacks(2);
        assertThat(callbacks.get(1).body()).isEqualTo(callbacks.get(0).body());
        JsonNode history = JSON.readTree(get("/v1/runs/" + id + "/callback").body());
        assertThat(history).extracting(delivery -> delivery.get("is_automatic").asBoolean()).containsExactly(true, false);
        assertThat(history).extracting(delivery -> delivery.get("status_code").asText()).containsExactly("delivered",
                "delivered");
    }

    @Test
    void aFailedRunSendsRunflowsErrorAndACancelledOneNoOutput() throws Exception {
        simulator.nextJobFaults(Faults.none().withRun(RunFaults.none().withOutcome(RunFaults.Outcome.FAILED)));
        simulator.nextJobFaults(Faults.none().withRun(RunFaults.none().withOutcome(RunFaults.Outcome.CANCELED)));
        createRun(receiver.url());
        awaitCallbacks(1);
        createRun(receiver.url());
        List<CallbackReceiver.Received> callbacks = awaitCallbacks(2);

        JsonNode failed = JSON.readTree(callbacks.get(0).body());
        assertThat(failed.get("event").asText()).isEqualTo("run.failed");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("output").get("code").asText()).isEqualTo("MODEL_ERROR");
        assertThat(failed.get("output").get("message").asText()).isNotBlank();
        JsonNode cancelled = JSON.readTree(callbacks.get(1).body());
        assertThat(cancelled.get("event").asText()).isEqualTo("run.cancelled");
        assertThat(cancelled.get("status").asText()).isEqualTo("canceled");
        assertThat(cancelled.get("output").isNull()).isTrue();
    }

    @Test
    void aPartialRunCarriesItsFirstImages() throws Exception {
        simulator.nextJobFaults(Faults.none().withRun(RunFaults.none().withPartial(1)));
        createRun(receiver.url());
        JsonNode partial = JSON.readTree(awaitCallbacks(1).get(0).body());
        assertThat(partial.get("event").asText()).isEqualTo("run.partial_succeeded");
        assertThat(partial.get("status").asText()).isEqualTo("partial_succeeded");
        assertThat(partial.get("output").get("image_urls")).hasSize(1);
    }

    @Test
    void droppedCallbacksAreNeverSentAndShowAsFailedDeliveries() throws Exception {
        simulator.nextJobFaults(Faults.none().withRun(RunFaults.none().withDrop(RunFaults.Drop.AUTOMATIC)));
        simulator.nextJobFaults(Faults.none().withRun(RunFaults.none().withDrop(RunFaults.Drop.ALL)));
        UUID automatic = createRun(receiver.url());
        UUID all = createRun(receiver.url());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> simulator.job(automatic).callbackSettled() && simulator.job(all).callbackSettled());
        assertThat(receiver.received()).isEmpty();
        assertThat(JSON.readTree(get("/v1/runs/" + automatic + "/callback").body()).get(0).get("failure_detail").asText())
                .contains("dropped");

        assertThat(post("/v1/runs/" + all + "/callback-redeliveries").statusCode()).isEqualTo(201);
        assertThat(post("/v1/runs/" + automatic + "/callback-redeliveries").statusCode()).isEqualTo(201);
        List<CallbackReceiver.Received> callbacks = awaitCallbacks(1);
        assertThat(JSON.readTree(callbacks.get(0).body()).get("run_id").asText()).isEqualTo(automatic.toString());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> receiver.received().size() == 1);
    }

    @Test
    void aWrongSecretAndAHiddenOutputAreFaultsToo() throws Exception {
        simulator.nextJobFaults(Faults.none().withRun(RunFaults.none().withWrongSecret().withoutOutputOnPoll()));
        UUID id = createRun(receiver.url());
        CallbackReceiver.Received callback = awaitCallbacks(1).get(0);
        assertThat(callback.header("Runflow-Signature")).matches("[0-9a-f]{64}").isNotEqualTo(hmac(NEW, callback.body()))
                .isNotEqualTo(hmac(OLD, callback.body()));
        JsonNode run = JSON.readTree(get("/v1/runs/" + id).body());
        assertThat(run.get("status_code").asText()).isEqualTo("succeeded");
        assertThat(run.get("output").isNull()).isTrue();
    }

    @Test
    void withoutSecretsCallbacksAreUnsignedAndTheOutputsShapeCanBeChosen() throws Exception {
        restartWith(settings().callbackSecrets(List.of()).outputsShape(true));
        createRun(receiver.url());
        CallbackReceiver.Received callback = awaitCallbacks(1).get(0);
        assertThat(callback.header("Runflow-Signature")).isNull();
        assertThat(callback.header("Runflow-Request-Id")).isNotNull();
        JsonNode outputs = JSON.readTree(callback.body()).get("output").get("outputs");
        assertThat(outputs).hasSize(4).allSatisfy(item -> assertThat(item.get("url").asText()).startsWith("http://"));
    }

    @Test
    void anInputThatCannotBeReadFailsTheRun() throws Exception {
        String unreadable = simulator.baseUrl() + "/images/" + UUID.randomUUID() + "/001.jpg?X-Amz-Signature=nope";
        UUID id = UUID.fromString(JSON.readTree(create("runflow/headshots", runBody(List.of(unreadable), receiver.url(),
                Map.of()), "Bearer " + KEY).body()).get("id").asText());
        JsonNode failed = JSON.readTree(awaitCallbacks(1).get(0).body());
        assertThat(failed.get("event").asText()).isEqualTo("run.failed");
        assertThat(failed.get("output").get("code").asText()).isEqualTo("INPUT_UNREADABLE");
        assertThat(simulator.job(id).run().failureMessage()).contains("input_images[0]");
    }

    @Test
    void theRunFlagsBecomeFaultsAndSettings() {
        SimulatorSettings parsed = SimulatorFlags.parse("--model", "a/b", "--callback-secret", "s1,s2", "--output-shape",
                "outputs", "--partial-run", "3", "--drop-callbacks", "automatic", "--wrong-secret",
                "--poll-without-output");
        assertThat(parsed.model()).isEqualTo("a/b");
        assertThat(parsed.callbackSecrets()).containsExactly("s1", "s2");
        assertThat(parsed.outputsShape()).isTrue();
        RunFaults run = parsed.defaultFaults().run();
        assertThat(run.outcome()).isEqualTo(RunFaults.Outcome.PARTIAL);
        assertThat(run.partialImages()).isEqualTo(3);
        assertThat(run.drop()).isEqualTo(RunFaults.Drop.AUTOMATIC);
        assertThat(run.wrongSecret()).isTrue();
        assertThat(run.outputOnPoll()).isFalse();
        assertThat(SimulatorFlags.parse("--fail-run").defaultFaults().run().outcome()).isEqualTo(RunFaults.Outcome.FAILED);
        assertThat(SimulatorFlags.parse("--cancel-run").defaultFaults().run().outcome())
                .isEqualTo(RunFaults.Outcome.CANCELED);
    }

    private UUID createRun(String callbackUrl) throws Exception {
        HttpResponse<String> created = create("runflow/headshots", runBody(inputs(1), callbackUrl, Map.of("tenant",
                "default")), "Bearer " + KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(JSON.readTree(created.body()).get("id").asText());
    }

    /** Signed URLs of real images the simulator serves, as input images of a run. */
    private List<String> inputs(int count) {
        return simulator.stageJob(UUID.randomUUID(), count).imageUrls();
    }

    private static String runBody(List<String> inputs, String callbackUrl, Map<String, Object> metadata) throws Exception {
        return JSON.writeValueAsString(Map.of("input", Map.of("input_images", inputs), "callback_url", callbackUrl,
                "metadata", metadata));
    }

    private HttpResponse<String> create(String model, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/models/" + model + "/runs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).header("Authorization", "Bearer " + KEY)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<CallbackReceiver.Received> awaitCallbacks(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() >= count);
        return receiver.received();
    }

    private String sha256Of(String url) throws Exception {
        return Digests.sha256(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
