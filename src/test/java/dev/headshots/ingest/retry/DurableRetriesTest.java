package dev.headshots.ingest.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Retries live in Postgres, not in memory: a failed image waits as a {@code RETRYING} row that any instance claims when it is
 * due, so the job holds neither its Kafka record nor a consumer; a claim whose instance died is taken over when its lease runs
 * out; and how long an image is retried is bounded by its URL's own deadline.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class DurableRetriesTest {

    private static final Duration DAY = Duration.ofHours(24);

    @InjectOrigin
    ImageOrigin origin;

    @Test
    void aJobWaitingOnRetriesHoldsNeitherItsRecordNorItsConsumer() throws Exception {
        UUID waiting = UUID.randomUUID();
        String tag = waiting.toString();
        origin.fault(tag, 2, Fault.always(503));
        Callbacks.accept(waiting, origin.urls(tag, 2));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> origin.hits(tag, 2) >= 3 && "RETRYING".equals(image(waiting, 2).getString("status")));

        // Records of one partition are processed one after another: a later job on the same partition completing proves that
        // the waiting job's record was done with, although its image is still being retried.
        UUID later = onSamePartitionAs(waiting);
        Callbacks.accept(later, origin.urls(later.toString(), 2));
        assertThat(Jobs.awaitTerminal(later).getString("status")).isEqualTo("COMPLETED");
        JsonPath stillWaiting = Jobs.get(waiting);
        assertThat(stillWaiting.getString("status")).isEqualTo("COPYING");
        assertThat(stillWaiting.getString("images[1].error")).isEqualTo("HTTP_STATUS");
        assertThat(stillWaiting.getString("images[1].source_expires_at")).isNotNull();

        origin.fault(tag, 2, Fault.failing(503, 0));
        JsonPath done = Jobs.awaitTerminal(waiting);
        assertThat(done.getString("status")).isEqualTo("COMPLETED");
        assertThat(done.getInt("images[1].attempts")).isEqualTo(origin.hits(tag, 2)).isGreaterThanOrEqualTo(4);
        assertThat(Bucket.sha256(waiting + "/002.jpg")).isEqualTo(origin.sha256(2));
        assertThat(done.getInt("deliveries")).as("the record was processed once").isEqualTo(1);
    }

    @Test
    void aClaimWhoseInstanceDiedIsTakenOverOnceItsLeaseRunsOutAndALiveOneIsLeftAlone() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        Database.execute("""
                INSERT INTO headshot_job (headshots_id, status, image_count, received_at, created_at, deliveries)
                VALUES (?, 'COPYING', 2, now(), now(), 1)""", id);
        // Both claims in one statement: inserted one after the other, the lapsed one could be taken over, copied and its job
        // finished (as COMPLETED, with one image) before the second existed.
        Database.execute(
                """
                        INSERT INTO headshot_image (headshots_id, idx, source_url, status, attempts, lease_owner, next_attempt_at, deadline)
                        VALUES (?, 1, ?, 'COPYING', 1, 'an-instance-that-died', now() - interval '1 second', now() + interval '1 hour'),
                               (?, 2, ?, 'COPYING', 1, 'an-instance-still-copying', now() + interval '1 hour', now() + interval '1 hour')""",
                id, origin.url(tag, 1), id, origin.url(tag, 2));
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "STORED".equals(image(id, 1).getString("status")));

            assertThat(image(id, 1).getInt("attempts")).isEqualTo(2);
            assertThat(origin.hits(tag, 1)).isEqualTo(1);
            assertThat(Bucket.sha256(id + "/001.jpg")).isEqualTo(origin.sha256(1));
            assertThat(Database.queryLong("SELECT count(*) FROM headshot_image WHERE headshots_id = ? AND idx = 2"
                    + " AND status = 'COPYING' AND lease_owner = 'an-instance-still-copying'", id)).isEqualTo(1);
            assertThat(origin.hits(tag, 2)).isZero();
            assertThat(Jobs.get(id).getString("status")).isEqualTo("COPYING");
        } finally {
            Database.execute("DELETE FROM headshot_job WHERE headshots_id = ?", id);
        }
    }

    @Test
    void a403BeforeTheDeadlineIsRetriedAFewTimesThenFailed() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 1, Fault.always(403));

        Callbacks.accept(id, origin.urls(tag, 2));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("PARTIAL");
        assertThat(job.getString("images[0].status")).isEqualTo("FAILED");
        assertThat(job.getString("images[0].error_detail")).isEqualTo("origin answered 403");
        assertThat(job.getInt("images[0].attempts")).isEqualTo(3);
        assertThat(origin.hits(tag, 1)).isEqualTo(3);
    }

    @Test
    void a403ThatComesAfterTheDeadlineExpiresTheImageAtOnce() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        CountDownLatch answer = new CountDownLatch(1);
        origin.fault(tag, 1, Fault.heldThen(answer, 403));
        Instant signed = Instant.now();
        Instant deadline = signed.truncatedTo(ChronoUnit.SECONDS).plusSeconds(5);

        Callbacks.accept(id, List.of(origin.url(tag, 1, signed, Duration.ofSeconds(5))));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> origin.hits(tag, 1) == 1 && Instant.now().isAfter(deadline.plusMillis(200)));
        answer.countDown();

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("images[0].status")).isEqualTo("EXPIRED");
        assertThat(job.getString("images[0].error_detail")).isEqualTo("origin answered 403");
        assertThat(job.getInt("images[0].attempts")).isEqualTo(1);
        assertThat(origin.hits(tag, 1)).isEqualTo(1);
    }

    @Test
    void anImageWhoseUrlExpiredBeforeItsTurnIsExpiredWithoutBeingFetched() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();

        Callbacks.accept(id, List.of(origin.url(tag, 1, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)),
                origin.url(tag, 2, Instant.now(), DAY)));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("PARTIAL");
        assertThat(job.getString("images[0].status")).isEqualTo("EXPIRED");
        assertThat(job.getString("images[0].error")).isNull();
        assertThat(job.getInt("images[0].attempts")).isZero();
        assertThat(origin.hits(tag, 1)).isZero();
        assertThat(job.getString("images[1].status")).isEqualTo("STORED");
        assertThat(job.getString("images[1].source_expires_at")).isNull();
    }

    private static JsonPath image(UUID id, int index) {
        return Jobs.get(id).setRootPath("images[" + (index - 1) + "]");
    }

    /** A new job id whose callback record lands on the same partition of the callbacks topic as {@code id}'s. */
    private static UUID onSamePartitionAs(UUID id) throws Exception {
        int partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092"))) {
            partitions = admin.describeTopics(List.of(Topics.CALLBACKS)).allTopicNames().get().get(Topics.CALLBACKS)
                    .partitions()
                    .size();
        }
        int target = partition(id, partitions);
        UUID candidate;
        do {
            candidate = UUID.randomUUID();
        } while (partition(candidate, partitions) != target);
        return candidate;
    }

    private static int partition(UUID id, int partitions) {
        return Utils.toPositive(Utils.murmur2(id.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
