package dev.headshots.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.simulator.SimulatedJob.CallbackAttempt;

/**
 * What the simulator offers a chaos run: callbacks routed over several instances like an ingress, a fault plan known in advance
 * from a job's ordinal, images missing for good, the accounts of full bodies served and of accepted callbacks, jobs staged for
 * callbacks a test sends itself, and small images.
 */
class SimulatorChaosFeaturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CallbackReceiver first = CallbackReceiver.start();
    private final CallbackReceiver second = CallbackReceiver.start();
    private RunflowSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
        first.close();
        second.close();
    }

    private RunflowSimulator start(SimulatorSettings.Builder settings) {
        simulator = RunflowSimulator.start(settings.apiKey("key").callbackDelay(Duration.ofMillis(20)).imagesPerJob(6)
                .callbackBackoff(Duration.ofMillis(20), Duration.ofMillis(80)).log(line -> {
                }).build());
        return simulator;
    }

    // --- callbacks over several instances -------------------------------------------------------------------------------

    @Test
    void callbacksGoRoundRobinOverTheViaAuthoritiesKeepingPathAndQuery() throws Exception {
        start(SimulatorSettings.builder().callbackVia(List.of(authority(first), authority(second))));
        String callback = "http://callback.invalid:1/webhooks/runflow/headshots/tok-en?x=1";
        List<UUID> ids = List.of(submit(callback), submit(callback), submit(callback));
        await().atMost(Duration.ofSeconds(5)).until(simulator::callbacksSettled);

        assertThat(ids).extracting(id -> simulator.job(id).callbackAttempts().get(0).authority())
                .containsExactly(authority(first), authority(second), authority(first));
        assertThat(first.received()).hasSize(2).extracting(CallbackReceiver.Received::target)
                .containsOnly("/webhooks/runflow/headshots/tok-en?x=1");
        assertThat(second.received()).hasSize(1);
        assertThat(simulator.acceptedCallbacks()).extracting(SimulatedJob::id).containsExactlyElementsOf(ids);
    }

    @Test
    void aDeadInstanceOrA503IsRetriedOnTheNextOne() throws Exception {
        String dead = "127.0.0.1:" + closedPort();
        start(SimulatorSettings.builder().callbackVia(List.of(dead, authority(first))));
        first.answer(503);
        UUID id = submit("http://callback.invalid/hook");
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.job(id).callbackSettled());

        assertThat(simulator.job(id).callbackAttempts()).containsExactly(new CallbackAttempt(dead, -1, false),
                new CallbackAttempt(authority(first), 503, false), new CallbackAttempt(dead, -1, false),
                new CallbackAttempt(authority(first), 200, false));
        assertThat(simulator.acceptedCallbacks()).extracting(SimulatedJob::id).containsExactly(id);
    }

    @Test
    void aDeliveryGivenUpIsSettledButNotAccepted() throws Exception {
        start(SimulatorSettings.builder().callbackMaxAttempts(2));
        first.answer(503, 503);
        UUID id = submit(first.url());
        await().atMost(Duration.ofSeconds(5)).until(simulator::callbacksSettled);

        assertThat(simulator.job(id).callbackStatuses()).containsExactly(503, 503);
        assertThat(simulator.acceptedCallbacks()).isEmpty();
    }

    @Test
    void duplicatesAreMarkedAndSettleTheDeliveryOnlyOnceSent() throws Exception {
        start(SimulatorSettings.builder().callbackVia(List.of(authority(first), authority(second))));
        simulator.nextJobFaults(Faults.none().withDuplicateCallbacks(2));
        UUID id = submit("http://callback.invalid/hook");
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.job(id).callbackSettled());

        assertThat(simulator.job(id).callbackAttempts()).extracting(CallbackAttempt::duplicate).containsExactly(false, true,
                true);
        assertThat(first.received().size() + second.received().size()).isEqualTo(3);
        assertThat(first.received()).isNotEmpty();
        assertThat(second.received()).isNotEmpty();
    }

    // --- the fault plan -------------------------------------------------------------------------------------------------

    @Test
    void theFaultPlanIsAFunctionOfTheOrdinal() {
        FaultPlan plan = new FaultPlan(5, 2, 10, 4);

        Faults eighth = plan.faultsFor(8, 6);
        assertThat(eighth.failingImages()).containsExactly(2);
        assertThat(eighth.failTimes()).isEqualTo(2);
        assertThat(eighth.failStatus()).isEqualTo(503);
        assertThat(eighth.missingImages()).isEmpty();
        assertThat(eighth.duplicateCallbacks()).isEqualTo(1);

        Faults tenth = plan.faultsFor(10, 5);
        assertThat(tenth.missingImages()).containsExactly(5);
        assertThat(tenth.failingImages()).as("a missing image is not also transient").isEmpty();
        assertThat(tenth.duplicateCallbacks()).isZero();

        assertThat(plan.faultsFor(8, 6)).isEqualTo(eighth);
        long transientImages = IntStream.rangeClosed(1, 100)
                .mapToLong(n -> plan.faultsFor(n, 60).failingImages().size()).sum();
        assertThat(transientImages).as("one image in five").isBetween(1150L, 1250L);
        assertThat(new FaultPlan(0, 2, 0, 0).faultsFor(7, 60)).isEqualTo(Faults.none().withFailStatus(503)
                .withFailingImages(2));
        assertThatThrownBy(() -> new FaultPlan(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);

        FaultPlan slow = new FaultPlan(0, 0, 0, 0, 4, Duration.ofMillis(700));
        assertThat(slow.faultsFor(3, 12).slowImages()).containsExactlyInAnyOrder(2, 6, 10);
        assertThat(slow.faultsFor(3, 12).slowDelay()).isEqualTo(Duration.ofMillis(700));
        assertThat(slow.faultsFor(3, 12).failingImages()).isEmpty();
    }

    @Test
    void submissionsTakeThePlanByOrdinalAfterQueuedFaults() throws Exception {
        FaultPlan plan = new FaultPlan(3, 1, 2, 2);
        start(SimulatorSettings.builder().faultPlan(plan));
        Faults queued = Faults.none().withTruncatedImages(1);
        simulator.nextJobFaults(queued);

        List<UUID> ids = List.of(submit(first.url()), submit(first.url()), submit(first.url()));
        assertThat(ids).extracting(id -> simulator.job(id).faults()).containsExactly(queued, plan.faultsFor(2, 6),
                plan.faultsFor(3, 6));
    }

    // --- images: missing, served, staged, small -------------------------------------------------------------------------

    @Test
    void aMissingImageIs404EveryTimeAndNeverServed() throws Exception {
        start(SimulatorSettings.builder());
        simulator.nextJobFaults(Faults.none().withMissingImages(6));
        UUID id = submit(first.url());
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.job(id).completed());

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(id, 6))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).contains("<Code>NoSuchKey</Code>");
        }
        assertThat(simulator.hits(id, 6)).isEqualTo(3);
        assertThat(simulator.job(id).served(6)).isZero();
    }

    @Test
    void onlyFullBodiesCountAsServed() throws Exception {
        start(SimulatorSettings.builder());
        simulator.nextJobFaults(Faults.none().withFailingImages(1, 2).withTruncatedImages(3));
        UUID id = submit(first.url());
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.job(id).completed());

        assertThat(get(url(id, 1)).body()).isEqualTo(simulator.imageBytes(id, 1));
        assertThat(get(url(id, 1)).statusCode()).isEqualTo(200);
        assertThat(get(url(id, 2)).statusCode()).isEqualTo(500);
        assertThat(get(url(id, 2)).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> get(url(id, 3))).isInstanceOf(IOException.class);
        assertThat(get(url(id, 4).replace("X-Amz-Expires=86400", "X-Amz-Expires=1")).statusCode()).isEqualTo(403);

        SimulatedJob job = simulator.job(id);
        // A serve is counted once the simulator has finished writing the body, which can be just after the client has it.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> List.of(job.served(1), job.served(2), job.served(3), job.served(4), job.served(5)),
                        served -> served.equals(List.of(2, 1, 0, 0, 0)));
        assertThat(List.of(job.hits(1), job.hits(2), job.hits(3), job.hits(4))).containsExactly(2, 2, 1, 1);
    }

    @Test
    void aStagedJobServesItsImagesAndSendsNoCallback() throws Exception {
        start(SimulatorSettings.builder());
        UUID id = UUID.randomUUID();
        SimulatedJob job = simulator.stageJob(id, 3);

        assertThat(job.staged()).isTrue();
        assertThat(job.imageUrls()).hasSize(3);
        assertThat(get(job.imageUrls().get(2)).body()).isEqualTo(simulator.imageBytes(id, 3));
        await().atMost(Duration.ofSeconds(5)).until(() -> job.served(3) == 1);
        assertThat(simulator.job(id)).isSameAs(job);
        assertThat(simulator.acceptedCallbacks()).isEmpty();
        assertThat(simulator.callbacksSettled()).as("staged jobs have no delivery to wait for").isTrue();
        assertThatThrownBy(() -> simulator.sendCallbackAgain(id)).isInstanceOf(IllegalStateException.class);
        assertThat(first.received()).isEmpty();
    }

    @Test
    void smallImagesAreAQuarterOfTheSize() throws Exception {
        start(SimulatorSettings.builder().smallImages(true));
        UUID id = UUID.randomUUID();
        SimulatedJob job = simulator.stageJob(id, 2);

        byte[] bytes = get(job.imageUrls().get(0)).body();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image.getWidth()).isEqualTo(192);
        assertThat(image.getHeight()).isEqualTo(256);
        assertThat(bytes.length).isBetween(3_000, 40_000);
        assertThat(simulator.sha256(id, 1)).isNotEqualTo(simulator.sha256(id, 2));
    }

    // --- flags ----------------------------------------------------------------------------------------------------------

    @Test
    void chaosFlagsBecomeSettings() {
        SimulatorSettings settings = SimulatorFlags.parse("--callback-via", "localhost:8097,localhost:8098", "--small-images",
                "--transient-every", "7", "--transient-times", "3", "--missing-every", "10", "--duplicate-every", "5",
                "--missing-images", "4", "--slow-every", "9", "--slow-delay", "2s");

        assertThat(settings.callbackVia()).containsExactly("localhost:8097", "localhost:8098");
        assertThat(settings.smallImages()).isTrue();
        assertThat(settings.faultPlan()).hasValue(new FaultPlan(7, 3, 10, 5, 9, Duration.ofSeconds(2)));
        assertThat(settings.defaultFaults().missingImages()).isEqualTo(Set.of(4));
        assertThat(SimulatorFlags.parse().faultPlan()).isEmpty();
        assertThat(SimulatorFlags.parse().callbackVia()).isEmpty();
        assertThatThrownBy(() -> SimulatorFlags.parse("--callback-via", "http://localhost:8097"))
                .hasMessageContaining("host:port");
        assertThat(SimulatorFlags.USAGE).contains("--callback-via", "--transient-every", "--missing-every",
                "--duplicate-every", "--slow-every", "--small-images", "--missing-images");
    }

    // --- helpers --------------------------------------------------------------------------------------------------------

    private UUID submit(String callbackUrl) throws Exception {
        MultipartBody body = new MultipartBody("chaos").field("callback_url", callbackUrl).file("images", "a.jpg",
                "image/jpeg", jpeg());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl()
                + SubmitHandler.PATH)).header("x-api-key", "key").header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return UUID.fromString(JSON.readTree(response.body()).get("headshots_id").asText());
    }

    private String url(UUID id, int index) {
        return simulator.job(id).imageUrls().get(index - 1);
    }

    private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String authority(CallbackReceiver receiver) {
        return "127.0.0.1:" + receiver.port();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static byte[] jpeg() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "jpeg", out);
        return out.toByteArray();
    }
}
