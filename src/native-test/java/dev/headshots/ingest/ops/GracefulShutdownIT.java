package dev.headshots.ingest.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.ServiceProcess;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Sends SIGTERM to the packaged service while a photo upload and a callback are still arriving and a job is mid-copy, as
 * Kubernetes does when it deletes a pod: readiness goes DOWN at once, a new callback is answered 503 with {@code Retry-After},
 * the callback in flight is answered 503 too, the upload in flight is taken in full and answered, the process exits within the
 * 25 s it has, and the copy it did not finish is released: its claims are given back before the process exits, so the next
 * instance finishes the job at once, fetching again only the images that were in flight. The upload is what holds the process
 * up while the test looks at it; without a request in flight the whole shutdown takes well under a second.
 */
class GracefulShutdownIT {

    private static final int PORT = 8094;
    private static final int COPIED_BEFORE = 5;
    private static final int IN_FLIGHT = 3;
    private static final int IMAGES = COPIED_BEFORE + IN_FLIGHT;
    private static final String TOPIC = "runflow.headshots.callbacks.shutdown-it";
    private static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(25);
    private static final String INSTANCE = "graceful-shutdown-it";
    private static final String BOUNDARY = "graceful-shutdown-it-boundary";

    private static ImageOrigin origin;
    private static ServiceProcess service;

    @BeforeAll
    static void start() {
        origin = ImageOrigin.start(IMAGES, 160);
        // A topic and group of its own, so that no other instance of the test run takes over this job.
        service = new ServiceProcess(PORT, Map.of(
                "mp.messaging.outgoing.callbacks-out.topic", TOPIC,
                "mp.messaging.incoming.callbacks.topic", TOPIC,
                "mp.messaging.incoming.callbacks.group.id", "headshots-ingest-shutdown-it",
                "headshots.retry.instance-id", INSTANCE,
                // The held images must stay in flight through the shutdown, not time out and be fetched again.
                "headshots.download.first-byte-timeout", "60s"),
                Path.of("target/graceful-shutdown-it.log"));
        service.start();
        RestAssured.baseURI = "http://localhost";
        RestAssured.port = PORT;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        service.close();
        origin.close();
        RestAssured.reset();
    }

    @Test
    void sigtermDrainsRefusesNewCallbacksAndReleasesUnfinishedCopies() throws Exception {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        CountDownLatch release = new CountDownLatch(1);
        for (int index = COPIED_BEFORE + 1; index <= IMAGES; index++) {
            origin.fault(tag, index, Fault.held(release));
        }
        Callbacks.accept(id, origin.urls(tag, IMAGES));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> origin.hits(tag) == IMAGES && stored(id) == COPIED_BEFORE);

        ProcessHandle instance = instanceOnPort();
        long sigterm;
        String late = Callbacks.body(UUID.randomUUID(), List.of(origin.url(tag, 1)));
        byte[] lateBytes = late.getBytes(StandardCharsets.UTF_8);
        byte[] form = photoUpload();
        try (Socket upload = new Socket("127.0.0.1", PORT); Socket inFlight = new Socket("127.0.0.1", PORT)) {
            // A photo upload still arriving: the HTTP request in flight that the shutdown waits for (up to 25 s), which keeps
            // the process up while the test looks at it. Its 100 Continue says the request has reached its endpoint.
            OutputStream uploading = upload.getOutputStream();
            uploading.write(("POST /v1/headshots HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: " + Jobs.API_KEY
                    + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: " + form.length
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            uploading.flush();
            upload.setSoTimeout(10_000);
            assertThat(interimAnswer(upload)).as("the upload is let in").startsWith("HTTP/1.1 100 ");
            uploading.write(form, 0, form.length / 2);
            uploading.flush();

            // A callback whose body is still arriving.
            OutputStream out = inFlight.getOutputStream();
            out.write(("POST " + Callbacks.PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-Webhook-Secret: " + Callbacks.SECRET + "\r\nContent-Length: " + lateBytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(lateBytes, 0, 10);
            out.flush();

            sigterm = System.nanoTime();
            assertThat(instance.destroy()).as("SIGTERM sent").isTrue();

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> RestAssured.get("/q/health/ready").statusCode() == 503);
            RestAssured.get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'Graceful Shutdown' }.status", equalTo("DOWN"));
            Callbacks.post(Callbacks.body(UUID.randomUUID(), List.of(origin.url(tag, 1))))
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "1")
                    .body("type", equalTo("urn:headshots:problem:unavailable"));

            out.write(lateBytes, 10, lateBytes.length - 10);
            out.flush();
            inFlight.setSoTimeout(10_000);
            assertThat(statusLine(inFlight)).as("the callback in flight at SIGTERM is answered").isEqualTo("HTTP/1.1 503");
            assertThat(instance.isAlive()).as("still up while the upload arrives").isTrue();

            uploading.write(form, form.length / 2, form.length - form.length / 2);
            uploading.flush();
            // Taken in full and answered; 502 because this instance has no Runflow API key to submit it with.
            assertThat(statusLine(upload)).as("the upload in flight at SIGTERM is answered").isEqualTo("HTTP/1.1 502");

            assertThat(instance.onExit().get(SHUTDOWN_BUDGET.toSeconds(), TimeUnit.SECONDS).isAlive()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - sigterm)).isLessThan(SHUTDOWN_BUDGET);
        }

        // Given back, not lapsed (the lease is 6 s); another instance of the test run may have claimed them since.
        assertThat(Duration.ofNanos(System.nanoTime() - sigterm)).isLessThan(Duration.ofSeconds(6));
        assertThat(Database.queryLong("SELECT count(*) FROM headshot_image WHERE headshots_id = ? AND lease_owner LIKE ?",
                id, INSTANCE + "-%")).as("claims still held by the instance that shut down").isZero();
        release.countDown();
        service.start();
        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getList("images.status", String.class)).doesNotContain("FAILED").contains("STORED");
        SoftAssertions hits = new SoftAssertions();
        for (int index = 1; index <= IMAGES; index++) {
            int expectedHits = index <= COPIED_BEFORE ? 1 : 2;
            hits.assertThat(origin.hits(tag, index)).as("origin hits of image %d", index).isEqualTo(expectedHits);
        }
        hits.assertAll();
    }

    /** The status line's first 12 characters ({@code HTTP/1.1 NNN}) of the next answer on {@code socket}. */
    private static String statusLine(Socket socket) throws IOException {
        return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    }

    /** An interim answer (status line and headers, no body) read whole from {@code socket}. */
    private static String interimAnswer(Socket socket) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        var in = socket.getInputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.write(next);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** A multipart body with one JPEG in a part named {@code images}, as {@code POST /v1/headshots} takes it. */
    private static byte[] photoUpload() {
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"me.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        form.writeBytes(Photos.jpeg(1));
        form.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return form.toByteArray();
    }

    /** The service process this test started, found by its port among this JVM's children. */
    private static ProcessHandle instanceOnPort() {
        return ProcessHandle.current().children()
                .filter(child -> child.info().arguments().map(List::of)
                        .filter(arguments -> arguments.contains("-Dquarkus.http.port=" + PORT)).isPresent())
                .findFirst().orElseThrow(() -> new AssertionError("no service process on port " + PORT));
    }

    private static long stored(UUID id) {
        var response = Jobs.api().get("/v1/headshots/" + id);
        if (response.statusCode() != 200) {
            return -1;
        }
        return response.jsonPath().getList("images.status", String.class).stream().filter("STORED"::equals).count();
    }
}
