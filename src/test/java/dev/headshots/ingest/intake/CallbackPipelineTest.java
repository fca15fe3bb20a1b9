package dev.headshots.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Metrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The whole pipeline against the real stack: callback → Kafka → Postgres → origin → S3, read back through the status API and
 * the bucket itself.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class CallbackPipelineTest {

    private static final String DUPLICATES = "headshots_callbacks_duplicates_total";

    @InjectOrigin
    ImageOrigin origin;

    @Test
    void sixtyImagesAreStoredByteIdenticalAndTheJobCompletes() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();

        Callbacks.accept(id, origin.urls(tag, 60)).body("status", equalTo("accepted"))
                .body("headshots_id", equalTo(id.toString()));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getString("completed_at")).isNotNull();
        List<String> keys = job.getList("images.key");
        assertThat(keys).hasSize(60);
        for (int index = 1; index <= 60; index++) {
            String key = "%s/%03d.jpg".formatted(id, index);
            assertThat(job.getString("images[" + (index - 1) + "].key")).isEqualTo(key);
            assertThat(job.getString("images[" + (index - 1) + "].sha256")).isEqualTo(origin.sha256(index));
            assertThat(job.getString("images[" + (index - 1) + "].content_type")).isEqualTo("image/jpeg");
            assertThat(Bucket.sha256(key)).as("object %s", key).isEqualTo(origin.sha256(index));
            assertThat(origin.hits(tag, index)).as("fetches of image %d", index).isEqualTo(Jobs.attempts(job, index));
        }
    }

    @Test
    void aCallbackOfSixtyLongUrlsSpanningManyNetworkReadsIsReadWhole() {
        UUID id = UUID.randomUUID();
        String pad = "&X-Amz-Security-Token=" + "t".repeat(1800);
        List<String> urls = origin.urls(id.toString(), 60).stream().map(url -> url + pad).toList();
        String body = Callbacks.body(id, urls);
        assertThat(body.length()).isGreaterThan(100_000);

        Callbacks.accept(id, urls).body("headshots_id", equalTo(id.toString()));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getList("images")).hasSize(60);
    }

    @Test
    void aRepeatedCallbackFetchesNothingAgain() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        Callbacks.accept(id, origin.urls(tag, 5));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
        double duplicatesBefore = Metrics.value(DUPLICATES);

        Callbacks.accept(id, origin.urls(tag, 5));

        Jobs.awaitDeliveries(id, 2);
        assertThat(Metrics.value(DUPLICATES)).isGreaterThan(duplicatesBefore);
        assertThat(origin.hits(tag)).isEqualTo(5);
        assertThat(Jobs.get(id).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void twoIdenticalCallbacksAtOnceFetchEachImageOnce() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        String body = Callbacks.body(id, origin.urls(tag, 20));
        double duplicatesBefore = Metrics.value(DUPLICATES);

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> Callbacks.post(body).extract().statusCode());
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> Callbacks.post(body).extract().statusCode());
        assertThat(List.of(first.join(), second.join())).containsOnly(200);

        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
        Jobs.awaitDeliveries(id, 2);
        assertThat(Metrics.value(DUPLICATES)).isGreaterThan(duplicatesBefore);
        for (int index = 1; index <= 20; index++) {
            assertThat(origin.hits(tag, index)).as("hits of image %d", index).isEqualTo(1);
        }
    }

    @Test
    void anImageThatFailsTwiceWith500IsRetriedAndStored() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 3, Fault.failing(500, 2));

        Callbacks.accept(id, origin.urls(tag, 4));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getString("images[2].status")).isEqualTo("STORED");
        assertThat(job.getInt("images[2].attempts")).isEqualTo(3);
        assertThat(origin.hits(tag, 3)).isEqualTo(3);
    }

    @Test
    void anImageThatAnswers404FailsAtOnceAndTheJobIsPartial() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 2, Fault.always(404));

        Callbacks.accept(id, origin.urls(tag, 3));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("PARTIAL");
        assertThat(job.getString("images[1].status")).isEqualTo("FAILED");
        assertThat(job.getString("images[1].error")).isEqualTo("HTTP_STATUS");
        assertThat(job.getString("images[1].key")).isNull();
        assertThat(origin.hits(tag, 2)).isEqualTo(1);
        assertThat(job.getString("images[0].status")).isEqualTo("STORED");
    }

    @Test
    void transientFailuresAreRetriedUntilTheUrlExpiresAndEveryImageExpiredMeansAFailedJob() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 1, Fault.always(503));

        Callbacks.accept(id, List.of(origin.url(tag, 1, Instant.now(), Duration.ofSeconds(5))));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("FAILED");
        assertThat(job.getString("images[0].status")).isEqualTo("EXPIRED");
        assertThat(job.getString("images[0].error")).as("the last attempt's reason is kept").isEqualTo("HTTP_STATUS");
        assertThat(job.getString("images[0].next_attempt_at")).isNull();
        int attempts = job.getInt("images[0].attempts");
        assertThat(attempts).as("retried for as long as the URL lived, not up to a count").isGreaterThan(3);
        assertThat(origin.hits(tag, 1)).isEqualTo(attempts);
    }

    @Test
    void aBodyWithoutContentLengthIsStoredIntact() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 1, Fault.chunked());

        Callbacks.accept(id, origin.urls(tag, 1));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getLong("images[0].bytes")).isEqualTo(origin.bytes(1).length);
        assertThat(Bucket.sha256(id + "/001.jpg")).isEqualTo(origin.sha256(1));
    }

    @Test
    void aLargeBodyWithoutContentLengthGoesUpInSeveralPartsIntact() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        int size = 12 * 1024 * 1024 + 123;
        origin.fault(tag, 1, Fault.chunked(size));

        Callbacks.accept(id, origin.urls(tag, 1));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getLong("images[0].bytes")).isEqualTo(size);
        byte[] stored = Bucket.read(id + "/001.jpg");
        assertThat(stored).hasSize(size).isEqualTo(ImageOrigin.synthetic(size));
    }

    @Test
    void refusedSourcesAreRecordedWithTheirReasonAndNeverFetched() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 2, Fault.contentType("text/html"));
        String elsewhere = "http://127.0.0.1:" + origin.port() + "/img/" + tag + "/1.jpg";

        Callbacks.accept(id, List.of(elsewhere, origin.url(tag, 2)));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("FAILED");
        assertThat(job.getString("images[0].error")).isEqualTo("HOST_NOT_ALLOWED");
        assertThat(job.getString("images[1].error")).isEqualTo("UNSUPPORTED_CONTENT_TYPE");
        assertThat(origin.hits(tag, 1)).isZero();
    }

    @Test
    void downloadsBeyondTheConcurrencyBoundWaitForASlot() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        CountDownLatch release = new CountDownLatch(1);
        for (int index = 1; index <= 20; index++) {
            origin.fault(tag, index, Fault.held(release));
        }

        Callbacks.accept(id, origin.urls(tag, 20));

        await().atMost(Duration.ofSeconds(30)).until(() -> origin.hits(tag) == 16);
        assertThat(Metrics.value("headshots_downloads_in_flight")).isEqualTo(16.0);
        assertThat(Metrics.value("headshots_downloads_queued")).isEqualTo(4.0);
        release.countDown();
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
        assertThat(origin.hits(tag)).isEqualTo(20);
    }

}
