package dev.headshots.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class RunflowSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "webhook-secret-for-tests";
    private static final String URL_SHAPE = "http://localhost:\\d+/images/[0-9a-f-]{36}/\\d{3}\\.jpg"
            + "\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[^&]+&X-Amz-Date=\\d{8}T\\d{6}Z"
            + "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{64}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final MovableClock clock = new MovableClock();
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
        return SimulatorSettings.builder().apiKey("test-key").callbackDelay(Duration.ofMillis(50))
                .maxPhotoBytes(256 * 1024).webhookSecret(SECRET)
                .callbackBackoff(Duration.ofMillis(150), Duration.ofSeconds(2)).clock(clock).log(log::add);
    }

    private void restartWith(SimulatorSettings.Builder settings) {
        simulator.close();
        simulator = RunflowSimulator.start(settings.build());
    }

    // --- submission -------------------------------------------------------------------------------------------------

    @Test
    void aValidSubmissionIsAcceptedAndRecorded() throws Exception {
        byte[] photo = jpeg();
        HttpResponse<String> response = submit(validBody().file("images", "b.png", "image/png", png()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("status").asText()).isEqualTo("processing");
        UUID id = UUID.fromString(json.get("headshots_id").asText());
        SimulatedJob job = simulator.job(id);
        assertThat(job.photoCount()).isEqualTo(2);
        assertThat(job.photoSha256s().get(0)).isEqualTo(Digests.sha256(photo));
        assertThat(job.callbackUrl()).isEqualTo(URI.create(receiver.url()));
        assertThat(simulator.submissions()).isEqualTo(1);

        UUID second = submittedId(validBody());
        assertThat(simulator.jobs()).extracting(SimulatedJob::id).containsExactly(id, second);
    }

    @Test
    void aMissingOrWrongApiKeyIs401() throws Exception {
        for (String key : new String[]{null, "wrong-key"}) {
            HttpResponse<String> response = send(validBody(), key);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("invalid api key");
        }
        assertThat(simulator.jobs()).isEmpty();
        assertThat(simulator.submissions()).isEqualTo(2);
    }

    @Test
    void aBodyThatIsNotMultipartIs415AndAnUnparsableOneIs400() throws Exception {
        assertError(post("application/json", "{}".getBytes(StandardCharsets.UTF_8)), 415, "multipart/form-data");
        assertError(post("multipart/form-data", validBody().bytes()), 400, "boundary");
        assertError(post("multipart/form-data; boundary=other", validBody().bytes()), 400, "malformed");
        byte[] unterminated = new String(validBody().bytes(), StandardCharsets.ISO_8859_1).replace("--sim-boundary--", "")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertError(post(validBody().contentType(), unterminated), 400, "malformed");
        assertThat(simulator.jobs()).isEmpty();
    }

    @Test
    void eachInvalidFieldIs422NamingTheProblem() throws Exception {
        assertError(submit(new MultipartBody("b").file("images", "a.jpg", "image/jpeg", jpeg())), 422, "callback_url");
        assertError(submit(body("/relative/path").file("images", "a.jpg", "image/jpeg", jpeg())), 422, "callback_url");
        assertError(submit(body("ftp://example.com/x").file("images", "a.jpg", "image/jpeg", jpeg())), 422, "http");
        assertError(submit(body(receiver.url())), 422, "images");
        assertError(submit(body(receiver.url()).file("images", "notes.txt", "image/jpeg", "hello".getBytes())), 422,
                "image 1 is not a JPEG, PNG or WebP");
        assertError(submit(body(receiver.url()).file("images", "big.jpg", "image/jpeg", jpegOfSize(256 * 1024 + 1))), 422,
                "image 1 is 262145 bytes");
        MultipartBody eleven = body(receiver.url());
        for (int i = 0; i < 11; i++) {
            eleven.file("images", i + ".jpg", "image/jpeg", jpeg());
        }
        assertError(submit(eleven), 422, "at most 10 images");
        assertThat(simulator.jobs()).isEmpty();
    }

    @Test
    void quotedBoundariesPngAndWebpAreAccepted() throws Exception {
        MultipartBody body = new MultipartBody("a; b=c").field("callback_url", receiver.url())
                .file("images", "a.png", "image/png", png()).file("images", "b.webp", "image/webp", webp());
        HttpResponse<String> response = post("multipart/form-data; boundary=\"a; b=c\"; charset=UTF-8", body.bytes());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(simulator.jobs().get(0).photoCount()).isEqualTo(2);
    }

    @Test
    void aSubmissionFaultAnswersItsStatusOnceAndCreatesNoJob() throws Exception {
        simulator.nextJobFaults(Faults.none().withSubmissionStatus(503));
        simulator.nextJobFaults(Faults.none().withSubmissionStatus(500));

        assertThat(send(validBody(), "wrong").statusCode()).as("a refused request consumes no faults").isEqualTo(401);
        assertError(submit(validBody()), 503, "unavailable");
        assertError(submit(validBody()), 500, "unavailable");
        assertThat(simulator.jobs()).isEmpty();
        assertThat(submit(validBody()).statusCode()).isEqualTo(200);
        assertThat(simulator.submissions()).isEqualTo(4);
    }

    @Test
    void theIdFieldSettingAnswersWithId() throws Exception {
        restartWith(settings().idField(true));
        JsonNode json = JSON.readTree(submit(validBody()).body());
        assertThat(json.has("headshots_id")).isFalse();
        UUID id = UUID.fromString(json.get("id").asText());
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
        assertThat(JSON.readTree(receiver.received().get(0).body()).get("headshots_id").asText()).isEqualTo(id.toString());
    }

    // --- callback -------------------------------------------------------------------------------------------------------

    @Test
    void theCallbackCarriesSixtyPresignedUrlsAndTheSecret() throws Exception {
        UUID id = submittedId(validBody());
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);

        CallbackReceiver.Received callback = receiver.received().get(0);
        assertThat(callback.method()).isEqualTo("POST");
        assertThat(callback.header("Content-Type")).isEqualTo("application/json");
        assertThat(callback.header("X-Webhook-Secret")).isEqualTo(SECRET);
        JsonNode json = JSON.readTree(callback.body());
        assertThat(json.get("event").asText()).isEqualTo("headshots.completed");
        assertThat(json.get("headshots_id").asText()).isEqualTo(id.toString());
        List<String> urls = JSON.convertValue(json.get("image_urls"), JSON.getTypeFactory().constructCollectionType(List.class,
                String.class));
        assertThat(urls).hasSize(60).doesNotHaveDuplicates().allMatch(url -> url.matches(URL_SHAPE));
        assertThat(urls.get(0)).startsWith(simulator.baseUrl() + "/images/" + id + "/001.jpg?");
        assertThat(urls.get(59)).contains("/060.jpg?");
        assertThat(simulator.job(id).imageUrls()).isEqualTo(urls);
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.job(id).callbackDelivered());
        assertThat(simulator.job(id).callbackStatuses()).containsExactly(200);
        assertThat(log).noneMatch(line -> line.contains("test-key") || line.contains(SECRET) || line.contains("X-Amz"));
    }

    @Test
    void withoutASecretNoSecretHeaderIsSent() throws Exception {
        restartWith(settings().webhookSecret(null));
        submittedId(validBody());
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
        assertThat(receiver.received().get(0).header("X-Webhook-Secret")).isNull();
    }

    @Test
    void aRefusedCallbackIsRetriedWithDoublingBackoff() throws Exception {
        receiver.answer(500, 503);
        UUID id = submittedId(validBody());
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.job(id).callbackStatuses().size() == 3);

        assertThat(simulator.job(id).callbackStatuses()).containsExactly(500, 503, 200);
        List<CallbackReceiver.Received> received = receiver.received();
        assertThat(received).extracting(CallbackReceiver.Received::body).containsOnly(received.get(0).body());
        assertThat(millisBetween(received.get(0), received.get(1))).isGreaterThanOrEqualTo(150);
        assertThat(millisBetween(received.get(1), received.get(2))).isGreaterThanOrEqualTo(300);
    }

    @Test
    void anUnreachableCallbackIsRecordedAsMinusOneUntilTheAttemptsRunOut() throws Exception {
        restartWith(settings().callbackMaxAttempts(3).callbackBackoff(Duration.ofMillis(20), Duration.ofMillis(40)));
        UUID id = submittedId(body("http://127.0.0.1:" + closedPort() + "/hook").file("images", "a.jpg", "image/jpeg", jpeg()));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.job(id).callbackStatuses().size() == 3);
        assertThat(simulator.job(id).callbackStatuses()).containsExactly(-1, -1, -1);
        assertThat(simulator.job(id).callbackDelivered()).isFalse();
        assertThat(log).anyMatch(line -> line.contains("giving up"));
    }

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheCap() {
        Duration second = Duration.ofSeconds(1);
        Duration cap = Duration.ofSeconds(30);
        assertThat(CallbackSender.backoff(second, cap, 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(CallbackSender.backoff(second, cap, 2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(CallbackSender.backoff(second, cap, 5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(CallbackSender.backoff(second, cap, 6)).isEqualTo(cap);
        assertThat(CallbackSender.backoff(second, cap, 80)).isEqualTo(cap);
    }

    @Test
    void duplicateCallbacksFollowTheFirstAcceptedOne() throws Exception {
        simulator.nextJobFaults(Faults.none().withDuplicateCallbacks(2));
        receiver.answer(500);
        UUID id = submittedId(validBody());
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.job(id).callbackStatuses().size() == 4);

        assertThat(simulator.job(id).callbackStatuses()).containsExactly(500, 200, 200, 200);
        assertThat(receiver.received()).hasSize(4).extracting(CallbackReceiver.Received::body)
                .containsOnly(receiver.received().get(0).body());
    }

    @Test
    void aCallbackCanBeSentAgainOnDemand() throws Exception {
        UUID id = submittedId(validBody());
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.job(id).callbackDelivered());

        assertThat(simulator.sendCallbackAgain(id).get(5, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received().get(1).body()).isEqualTo(receiver.received().get(0).body());
        assertThat(simulator.job(id).callbackStatuses()).containsExactly(200, 200);
    }

    @Test
    void queuedFaultsApplyToTheNextJobsInOrderThenTheDefaults() throws Exception {
        Faults first = Faults.none().withDuplicateCallbacks(1);
        Faults second = Faults.none().withTruncatedImages(2);
        simulator.nextJobFaults(first);
        simulator.nextJobFaults(second);
        assertThat(List.of(submittedId(validBody()), submittedId(validBody()), submittedId(validBody())))
                .extracting(id -> simulator.job(id).faults()).containsExactly(first, second, Faults.none());
    }

    // --- images ---------------------------------------------------------------------------------------------------------

    @Test
    void anImageIsARealTaggedJpegServedExactlyOnce() throws Exception {
        UUID id = completedJob();
        HttpResponse<byte[]> response = get(imageUrl(id, 7));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        byte[] bytes = response.body();
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(bytes.length);
        assertThat(bytes).isEqualTo(simulator.imageBytes(id, 7));
        assertThat(Digests.sha256(bytes)).isEqualTo(simulator.sha256(id, 7));
        assertThat(bytes.length).isBetween(100_000, 400_000);
        assertThat(comment(bytes)).isEqualTo(id + "/7");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image.getWidth()).isEqualTo(768);
        assertThat(image.getHeight()).isEqualTo(1024);
        assertThat(simulator.hits(id, 7)).isEqualTo(1);
        assertThat(simulator.hits(id, 8)).isZero();

        assertThat(simulator.sha256(id, 8)).isNotEqualTo(simulator.sha256(id, 7));
        UUID other = completedJob();
        assertThat(simulator.sha256(other, 7)).isNotEqualTo(simulator.sha256(id, 7));
    }

    @Test
    void anExpiredUrlIs403AccessDenied() throws Exception {
        UUID id = completedJob();
        clock.advance(Duration.ofHours(24));
        assertThat(get(imageUrl(id, 1)).statusCode()).as("still valid at its last second").isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));
        HttpResponse<byte[]> expired = get(imageUrl(id, 1));
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.headers().firstValue("Content-Type")).hasValue("application/xml");
        assertThat(new String(expired.body(), StandardCharsets.UTF_8))
                .contains("<Error><Code>AccessDenied</Code><Message>Request has expired</Message>");
        assertThat(simulator.hits(id, 1)).isEqualTo(2);
    }

    @Test
    void aTamperedUrlIs403() throws Exception {
        UUID id = completedJob();
        String url = imageUrl(id, 1);
        char last = url.charAt(url.length() - 1);
        String tampered = url.substring(0, url.length() - 1) + (last == '0' ? '1' : '0');

        assertThat(text(get(tampered))).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(text(get(url.replace("/001.jpg?", "/002.jpg?")))).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(text(get(url.replace("X-Amz-Expires=86400", "X-Amz-Expires=999999")))).contains("SignatureDoesNotMatch");
        assertThat(text(get(url.substring(0, url.indexOf('?'))))).contains("<Code>AccessDenied</Code>");
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers
                .noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).as("a URL signed for GET").isEqualTo(403);
        assertThat(simulator.hits(id, 1)).isEqualTo(4);
        assertThat(simulator.hits(id, 2)).isEqualTo(1);
    }

    @Test
    void failingImagesAnswerTheirStatusForTheirFirstRequests() throws Exception {
        simulator.nextJobFaults(Faults.none().withFailingImages(2, 3).withFailStatus(503));
        UUID id = completedJob();

        assertThat(get(imageUrl(id, 3)).statusCode()).isEqualTo(503);
        assertThat(text(get(imageUrl(id, 3)))).contains("<Code>SlowDown</Code>");
        assertThat(get(imageUrl(id, 3)).body()).isEqualTo(simulator.imageBytes(id, 3));
        assertThat(get(imageUrl(id, 4)).statusCode()).isEqualTo(200);
        assertThat(simulator.hits(id, 3)).isEqualTo(3);

        simulator.nextJobFaults(Faults.none().withFailingImages(Integer.MAX_VALUE, 1));
        UUID always = completedJob();
        for (int i = 0; i < 3; i++) {
            assertThat(text(get(imageUrl(always, 1)))).contains("<Code>InternalError</Code>");
        }
    }

    @Test
    void aSlowImageHoldsItsBodyWithoutHoldingOtherRequests() throws Exception {
        simulator.nextJobFaults(Faults.none().withSlowImages(Duration.ofMillis(1500), 5));
        UUID id = completedJob();
        get(imageUrl(id, 6));

        long start = System.nanoTime();
        HttpResponse<InputStream> slow = http.send(request(imageUrl(id, 5)), HttpResponse.BodyHandlers.ofInputStream());
        long headersAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        CompletableFuture<byte[]> body = CompletableFuture.supplyAsync(() -> readAll(slow.body()));
        HttpResponse<byte[]> other = get(imageUrl(id, 6));
        boolean bodyDoneWhenOtherWas = body.isDone();
        byte[] bytes = body.get(10, TimeUnit.SECONDS);
        long bodyAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(headersAfter).as("headers come first").isLessThan(1000);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(bodyDoneWhenOtherWas).as("another image is served while the slow one waits").isFalse();
        assertThat(bodyAfter).isGreaterThanOrEqualTo(1500);
        assertThat(bytes).isEqualTo(simulator.imageBytes(id, 5));
    }

    @Test
    void aTruncatedImageDeclaresItsFullLengthSendsHalfAndCloses() throws Exception {
        simulator.nextJobFaults(Faults.none().withTruncatedImages(9));
        UUID id = completedJob();
        URI url = URI.create(imageUrl(id, 9));
        byte[] full = simulator.imageBytes(id, 9);

        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: "
                    + url.getAuthority() + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] response = socket.getInputStream().readAllBytes();
            String text = new String(response, StandardCharsets.ISO_8859_1);
            int headerEnd = text.indexOf("\r\n\r\n") + 4;
            assertThat(text).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Length: " + full.length + "\r\n");
            assertThat(response.length - headerEnd).isEqualTo(full.length / 2);
            assertThat(Arrays.copyOfRange(response, headerEnd, response.length))
                    .isEqualTo(Arrays.copyOf(full, full.length / 2));
        }
        assertThatThrownBy(() -> get(imageUrl(id, 9))).isInstanceOf(IOException.class);
        assertThat(get(imageUrl(id, 10)).body()).isEqualTo(simulator.imageBytes(id, 10));
        assertThat(simulator.hits(id, 9)).isEqualTo(2);
    }

    // --- command line ---------------------------------------------------------------------------------------------------

    @Test
    void flagsBecomeSettings() {
        SimulatorSettings settings = SimulatorFlags.parse("--port", "9001", "--host", "runflow.local", "--api-key", "k",
                "--delay", "500ms", "--images", "12", "--ttl=2m", "--webhook-secret", "s", "--max-photos", "3",
                "--max-photo-bytes", "2048", "--id-field", "--callback-backoff", "3s", "--callback-attempts", "4",
                "--submit-status", "503", "--duplicate-callbacks", "1", "--fail-images", "3,7", "--fail-times", "2",
                "--fail-status", "503", "--slow-images", "5", "--slow-delay", "2s", "--truncate-images", "9");

        assertThat(settings.port()).isEqualTo(9001);
        assertThat(settings.host()).isEqualTo("runflow.local");
        assertThat(settings.apiKey()).isEqualTo("k");
        assertThat(settings.callbackDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.imagesPerJob()).isEqualTo(12);
        assertThat(settings.urlTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.webhookSecret()).hasValue("s");
        assertThat(settings.maxPhotos()).isEqualTo(3);
        assertThat(settings.maxPhotoBytes()).isEqualTo(2048);
        assertThat(settings.idField()).isTrue();
        assertThat(settings.callbackBackoff()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.callbackMaxAttempts()).isEqualTo(4);
        assertThat(settings.defaultFaults()).isEqualTo(Faults.none().withSubmissionStatus(503).withDuplicateCallbacks(1)
                .withFailingImages(2, 3, 7).withFailStatus(503).withSlowImages(Duration.ofSeconds(2), 5)
                .withTruncatedImages(9));
    }

    @Test
    void flagDefaultsAndMistakes() {
        SimulatorSettings defaults = SimulatorFlags.parse();
        assertThat(defaults.port()).isEqualTo(8089);
        assertThat(defaults.host()).isEqualTo("localhost");
        assertThat(defaults.apiKey()).isEqualTo("local-runflow-key");
        assertThat(defaults.callbackDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.imagesPerJob()).isEqualTo(60);
        assertThat(defaults.urlTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.webhookSecret()).isEmpty();
        assertThat(defaults.maxPhotos()).isEqualTo(10);
        assertThat(defaults.maxPhotoBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(defaults.callbackMaxAttempts()).isEqualTo(8);
        assertThat(defaults.callbackMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.defaultFaults()).isEqualTo(Faults.none());
        assertThat(SimulatorFlags.parse("--fail-images", "4").defaultFaults().failTimes()).isEqualTo(Integer.MAX_VALUE);
        assertThat(SimulatorFlags.duration("24h")).isEqualTo(Duration.ofHours(24));

        assertThat(SimulatorFlags.wantsHelp("--port", "1", "--help")).isTrue();
        assertThatThrownBy(() -> SimulatorFlags.parse("--bogus")).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> SimulatorFlags.parse("--delay")).hasMessageContaining("--delay needs a value");
        assertThatThrownBy(() -> SimulatorFlags.parse("--delay", "3 seconds")).hasMessageContaining("--delay");
        assertThatThrownBy(() -> SimulatorFlags.parse("--images", "many")).hasMessageContaining("--images");
        assertThatThrownBy(() -> SimulatorFlags.parse("--fail-images", "3,x")).hasMessageContaining("--fail-images");
        assertThat(SimulatorFlags.USAGE).contains("--port", "--delay", "--fail-images", "--truncate-images", "--id-field");
    }

    @Test
    void mainRunsAsAPlainProcessUntilTerminated() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path testClasses = Path.of(RunflowSimulator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process process = new ProcessBuilder(java.toString(), "-cp", testClasses.toString(), RunflowSimulator.class.getName(),
                "--port", "0", "--api-key", "process-key", "--delay", "0ms", "--images", "2").redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String first = output.readLine();
            assertThat(first).matches("runflow-simulator listening on http://localhost:\\d+");
            MultipartBody body = validBody();
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(first.substring(first.indexOf("http://"))
                            + "/api/v1/images/generate-headshots")).header("x-api-key", "process-key")
                            .header("Content-Type", body.contentType())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> output.lines().forEach(lines::add));
            reader.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
            assertThat(JSON.readTree(receiver.received().get(0).body()).get("image_urls")).hasSize(2);
            // The process logs the attempt once it has read our answer, which can be after the receiver saw the body.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> lines.stream().anyMatch(l -> l.contains("callback attempt 1 -> 200")));
            process.toHandle().destroy(); // SIGTERM, leaving the output stream open (Process.destroy closes it)
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            reader.join(10_000);
            assertThat(String.join("\n", lines))
                    .contains("submitted", "callback attempt 1 -> 200", "runflow-simulator stopped")
                    .doesNotContain("process-key");
        } finally {
            process.destroyForcibly();
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------------------

    private MultipartBody validBody() {
        return body(receiver.url()).file("images", "a.jpg", "image/jpeg", jpeg());
    }

    private static MultipartBody body(String callbackUrl) {
        return new MultipartBody("sim-boundary").field("callback_url", callbackUrl);
    }

    private HttpResponse<String> submit(MultipartBody body) throws IOException, InterruptedException {
        return send(body, simulator.apiKey());
    }

    private HttpResponse<String> send(MultipartBody body, String apiKey) throws IOException, InterruptedException {
        return post(body.contentType(), body.bytes(), apiKey);
    }

    private HttpResponse<String> post(String contentType, byte[] body) throws IOException, InterruptedException {
        return post(contentType, body, simulator.apiKey());
    }

    private HttpResponse<String> post(String contentType, byte[] body, String apiKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl()
                + "/api/v1/images/generate-headshots")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private UUID submittedId(MultipartBody body) throws IOException, InterruptedException {
        HttpResponse<String> response = submit(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return UUID.fromString(JSON.readTree(response.body()).get("headshots_id").asText());
    }

    private UUID completedJob() throws IOException, InterruptedException {
        UUID id = submittedId(validBody());
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.job(id).completed());
        return id;
    }

    private String imageUrl(UUID id, int index) {
        return simulator.job(id).imageUrls().get(index - 1);
    }

    private static void assertError(HttpResponse<String> response, int status, String mentioning) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains(mentioning);
    }

    private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return http.send(request(url), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
    }

    private static String text(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long millisBetween(CallbackReceiver.Received earlier, CallbackReceiver.Received later) {
        return TimeUnit.NANOSECONDS.toMillis(later.nanoTime() - earlier.nanoTime());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The text of the JPEG's COM segment, read through ImageIO's own metadata. */
    private static String comment(byte[] jpeg) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            Element tree = (Element) reader.getImageMetadata(0).getAsTree("javax_imageio_jpeg_image_1.0");
            IIOMetadataNode com = (IIOMetadataNode) tree.getElementsByTagName("com").item(0);
            return new String((byte[]) com.getUserObject(), StandardCharsets.ISO_8859_1);
        } finally {
            reader.dispose();
        }
    }

    private static byte[] jpeg() {
        return encode(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    private static byte[] png() {
        return encode(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png");
    }

    private static byte[] webp() {
        byte[] riff = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        return Arrays.copyOf(riff, 64);
    }

    private static byte[] jpegOfSize(int size) {
        return Arrays.copyOf(jpeg(), size);
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A clock standing still at a whole second until a test moves it forward. */
    private static final class MovableClock extends Clock {

        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.SECONDS));

        void advance(Duration by) {
            now.updateAndGet(current -> current.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
