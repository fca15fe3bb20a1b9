package dev.headshots.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Slow-loris clients cannot hold the service: connections that stop in the middle of their headers are closed after the idle
 * timeout, a callback body that trickles in slower than {@code headshots.webhook.body-timeout} is answered 408 and closed, and
 * other requests are served meanwhile (the event loops never wait on a slow socket). Timeouts are 2 s here
 * ({@link HttpLimitsProfile}); production uses 30 s idle and 10 s for a callback body.
 */
@QuarkusTest
@TestProfile(HttpLimitsProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class SlowClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int SLOW_CLIENTS = 50;

    @Test
    void connectionsStuckInTheirHeadersAreClosedAfterTheIdleTimeoutWhileOthersAreServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            long opened = System.nanoTime();
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = connect();
                socket.getOutputStream().write(("POST " + Callbacks.PATH + " HTTP/1.1\r\nHost: localhost\r\nX-Partial: ")
                        .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }

            // Served while the slow connections are held (how fast is a matter for the benchmarks, not for a test).
            for (int i = 0; i < 10; i++) {
                given().get("/q/health/live").then().statusCode(200);
            }

            for (Socket socket : slow) {
                assertClosedByServer(socket);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("closed by the idle timeout, not at once")
                    .isGreaterThanOrEqualTo(TIMEOUT.minusMillis(200));
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aCallbackBodyTrickledInSlowerThanTheDeadlineIs408AndClosed() throws Exception {
        String body = Callbacks.body(UUID.randomUUID(), List.of("http://localhost:1/slow/001.jpg"));
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST " + Callbacks.PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-Webhook-Secret: " + Callbacks.SECRET + "\r\nContent-Length: "
                    + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            String answer = trickle(socket, body.getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(400));

            assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json")
                    .contains("urn:headshots:problem:request-timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(TIMEOUT.minusMillis(200),
                    TIMEOUT.plusSeconds(3));
            given().get("/q/health/live").then().statusCode(200);
        }
    }

    @Test
    void aCallbackSentAtAnOrdinaryPaceIsNotAffected() {
        Callbacks.accept(UUID.randomUUID(), List.of("http://localhost:1/slow/001.jpg"));
    }

    /** Sends one byte per {@code pace} until the server answers; returns its answer. */
    private static String trickle(Socket socket, byte[] body, Duration pace) throws IOException, InterruptedException {
        socket.setSoTimeout((int) pace.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        for (int sent = 0; sent < body.length; sent++) {
            try {
                socket.getOutputStream().write(body[sent]);
            } catch (SocketException closed) {
                break;
            }
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            } catch (SocketTimeoutException nothingYet) {
                // keep trickling
            }
        }
        socket.setSoTimeout(5000);
        int n;
        try {
            while ((n = in.read(buffer)) > 0) {
                answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketException reset) {
            // closed after the answer
        }
        return answer.toString();
    }

    private static void assertClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout((int) TIMEOUT.multipliedBy(3).toMillis());
        try {
            assertThat(socket.getInputStream().read()).as("the server closes the connection").isEqualTo(-1);
        } catch (SocketException reset) {
            // a reset is a close as well
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 2000);
        return socket;
    }
}
