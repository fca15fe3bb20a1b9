package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.ResolverScript;
import dev.headshots.ingest.support.TestConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * A refused response is dropped by closing its connection ({@link ImageSource#discard}). That must never cut another download:
 * a short error answer has often arrived in full before it is looked at, and a pooled client would by then have handed its
 * connection to the next image. The chaos suite found this as downloads failing with {@code HttpClosedException} after the
 * origin had served them in full, so that the image was fetched twice.
 */
class ImageSourceConnectionsTest {

    private static Vertx vertx;
    private static ImageOrigin origin;

    private final String tag = UUID.randomUUID().toString();
    private ImageSource source;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        origin = ImageOrigin.start(2, 16);
    }

    @AfterAll
    static void stop() {
        origin.close();
        vertx.closeAndAwait();
    }

    @AfterEach
    void close() {
        source.close();
    }

    @Test
    void droppingARefusedAnswerLeavesTheNextDownloadWhole() throws Exception {
        source = new ImageSource(vertx, TestConfig.of(Map.of("headshots.download.allowed-hosts", "localhost",
                "headshots.download.allow-private-networks", "true")).download(),
                new ResolverScript().answer("localhost", "127.0.0.1"));
        origin.fault(tag, 1, Fault.always(503));
        CountDownLatch release = new CountDownLatch(1);
        origin.fault(tag, 2, Fault.held(release));

        HttpClientResponse refused = source.open(url(1)).await().atMost(Duration.ofSeconds(10));
        assertThat(refused.statusCode()).isEqualTo(503);
        CompletableFuture<HttpClientResponse> next = source.open(url(2)).subscribeAsCompletionStage();
        await().atMost(Duration.ofSeconds(10)).until(() -> origin.hits(tag, 2) == 1);
        ImageSource.discard(refused);
        release.countDown();

        HttpClientResponse served = next.get(10, TimeUnit.SECONDS);
        CompletableFuture<Buffer> body = served.body().subscribeAsCompletionStage();
        served.resume();
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(body.get(10, TimeUnit.SECONDS).getBytes()).isEqualTo(origin.bytes(2));
        assertThat(origin.hits(tag, 2)).as("requests for the second image").isEqualTo(1);
    }

    private String url(int index) {
        return "http://localhost:" + origin.port() + "/img/" + tag + "/" + index + ".jpg";
    }
}
