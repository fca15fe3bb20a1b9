package dev.headshots.ingest.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.outbox.LifecycleEvent;
import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.KafkaTopics;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;

/**
 * Retention against the real stack, with a tenant's own short periods (the installation keeps images, and tombstones 30 days):
 * finished jobs past the images' period are erased through the erasure path with the reason {@code retention}, even when two
 * rounds run at once (as two instances do), and tombstones past their period are removed, those of other tenants kept.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class RetentionTest {

    @InjectOrigin
    ImageOrigin origin;

    @Inject
    RetentionWorker retention;

    @Test
    void aTenantsShortImageRetentionErasesItsFinishedJobsOnceEvenWithTwoRoundsAtOnce() {
        String tenant = Tenants.freshId("retention");
        String key = Tenants.withKey(tenant, Map.of("retention_images", "PT1S"));
        UUID id = UUID.randomUUID();
        Callbacks.accept(id, origin.urls(id.toString(), 2));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
        UUID kept = UUID.randomUUID();
        Callbacks.accept(kept, origin.urls(kept.toString(), 1));
        assertThat(Jobs.awaitTerminal(kept).getString("status")).isEqualTo("COMPLETED");
        // the job becomes the tenant's, finished two seconds ago; the default tenant keeps its images (the installation's
        // headshots.retention.images is unset)
        Database.execute("UPDATE headshot_job SET tenant_id = ?, completed_at = now() - interval '2 seconds' "
                + "WHERE headshots_id = ?", tenant, id);
        Database.execute("UPDATE headshot_job SET completed_at = now() - interval '400 days' WHERE headshots_id = ?", kept);

        List<RetentionWorker.Round> rounds = Uni.combine().all().unis(retention.round(), retention.round())
                .with(RetentionWorker.Round.class, list -> list).await().atMost(Duration.ofSeconds(30));
        assertThat(rounds.stream().mapToInt(RetentionWorker.Round::erased).sum()).isGreaterThanOrEqualTo(1);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> "DELETED".equals(Tenants.api(key).get("/v1/headshots/" + id).jsonPath().getString("status")));
        JsonPath job = Tenants.api(key).get("/v1/headshots/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("erasure.reason")).isEqualTo("retention");
        assertThat(Bucket.keys(id + "/")).isEmpty();
        List<String> deleted = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> KafkaTopics.readAll(Topics.LIFECYCLE, id.toString()).stream()
                        .map(record -> record.value()).toList(), found -> !found.isEmpty());
        assertThat(deleted).hasSize(1);
        assertThat(deleted.get(0)).contains(LifecycleEvent.DELETED).contains("\"reason\":\"retention\"");

        assertThat(Jobs.get(kept).getString("status")).as("another tenant's job").isEqualTo("COMPLETED");
        assertThat(Bucket.keys(kept + "/")).hasSize(1);
    }

    @Test
    void tombstonesPastTheirTenantsPeriodAreRemovedAndOthersKept() {
        String tenant = Tenants.freshId("tombstones");
        Tenants.create(tenant, Map.of());
        Tenants.admin().contentType("application/json").body(Map.of("retention_tombstones", "P7D"))
                .patch("/admin/v1/tenants/" + tenant).then().statusCode(200)
                .body("retention_tombstones", org.hamcrest.Matchers.equalTo("PT168H"));
        UUID expired = tombstone(tenant, "8 days");
        UUID young = tombstone(tenant, "6 days");
        UUID defaults = tombstone("default", "8 days");

        RetentionWorker.Round round = retention.round().await().atMost(Duration.ofSeconds(30));

        assertThat(round.tombstonesRemoved()).isGreaterThanOrEqualTo(1);
        assertThat(count(expired)).as("past the tenant's 7 days").isZero();
        assertThat(count(young)).as("within the tenant's 7 days").isEqualTo(1);
        assertThat(count(defaults)).as("within the installation's 30 days").isEqualTo(1);
    }

    @Test
    void aTenantCannotKeepTombstonesLessThanSevenDays() {
        String tenant = Tenants.freshId("tombstones");
        Tenants.create(tenant, Map.of());
        Tenants.admin().contentType("application/json").body(Map.of("retention_tombstones", "P6D"))
                .patch("/admin/v1/tenants/" + tenant).then().statusCode(422)
                .contentType("application/problem+json");
        Tenants.admin().contentType("application/json").body(Map.of("retention_images", "90 days"))
                .patch("/admin/v1/tenants/" + tenant).then().statusCode(422);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.execute(
                "UPDATE tenant SET retention_tombstones = interval '6 days' WHERE id = ?", tenant))
                .hasMessageContaining("retention_tombstones");
    }

    private static UUID tombstone(String tenant, String age) {
        UUID id = UUID.randomUUID();
        Database.execute("INSERT INTO headshot_job (headshots_id, status, created_at, deliveries, tenant_id, deletion_reason, "
                + "deletion_requested_at, deleted_at, stored_count, objects_deleted) VALUES (?, 'DELETED', now(), 1, ?, "
                + "'request', now() - interval '" + age + "', now() - interval '" + age + "', 0, 0)", id, tenant);
        return id;
    }

    private static long count(UUID id) {
        return Database.queryLong("SELECT count(*) FROM headshot_job WHERE headshots_id = ?", id);
    }
}
