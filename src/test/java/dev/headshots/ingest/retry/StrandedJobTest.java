package dev.headshots.ingest.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.KafkaTopics;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An instance that dies after settling a job's last image, before finishing the job, leaves the job {@code COPYING} with every
 * image settled: no claim is left for anyone to take over. The chaos suite's SIGKILL hit exactly that window once. The retry
 * worker's housekeeping finds such jobs and finishes them, with their event. The stranded state is written straight into
 * Postgres, as the killed instance left it.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class StrandedJobTest {

    @Test
    void aJobLeftCopyingWithEveryImageSettledIsFinishedWithItsEvent() {
        UUID id = UUID.randomUUID();
        Database.execute("INSERT INTO headshot_job (headshots_id, status, image_count, received_at, created_at, deliveries, "
                + "updated_at) VALUES (?, 'COPYING', 2, now() - interval '2 minutes', now() - interval '2 minutes', 1, "
                + "now() - interval '1 minute')", id);
        Database.execute("INSERT INTO headshot_image (headshots_id, idx, status, object_key, bytes, sha256, content_type, "
                + "attempts, deadline) VALUES (?, 1, 'STORED', ? || '/001.jpg', 10, repeat('a', 64), 'image/jpeg', 1, now()), "
                + "(?, 2, 'FAILED', NULL, NULL, NULL, NULL, 3, now())", id, id.toString(), id);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> Database.queryLong("SELECT count(*) FROM headshot_job WHERE headshots_id = ? AND status = "
                        + "'PARTIAL'", id) == 1);
        assertThat(Jobs.get(id).getString("completed_at")).isNotNull();
        assertThat(KafkaTopics.find(Topics.STORED, id.toString(), Duration.ofSeconds(30))).isPresent();
    }
}
