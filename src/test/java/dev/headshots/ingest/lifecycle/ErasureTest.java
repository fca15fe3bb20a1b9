package dev.headshots.ingest.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.outbox.LifecycleEvent;
import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.KafkaTopics;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * {@code POST /v1/headshots/{id}/cancel} and {@code DELETE /v1/headshots/{id}} against the real stack: what a cancelled or
 * erased job does with a later callback (nothing is fetched), what is left in the bucket (nothing, also when the erasure races
 * copies in flight), the tombstone, the events, and tenancy.
 */
@QuarkusTest
@TestProfile(ErasureProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ErasureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectOrigin
    ImageOrigin origin;

    @Test
    void aCancelledJobFetchesNothingWhenItsCallbackArrivesLater() {
        UUID id = submitted("TIMED_OUT");
        cancel(id).statusCode(200).body("status", equalTo("CANCELLED"));
        assertThat(Jobs.get(id).getString("status")).isEqualTo("CANCELLED");
        assertThat(Jobs.get(id).getString("cancelled_at")).isNotNull();

        String tag = id.toString();
        Callbacks.accept(id, origin.urls(tag, 3));
        Jobs.awaitDeliveries(id, 1);
        JsonPath job = Jobs.get(id);
        assertThat(job.getString("status")).isEqualTo("CANCELLED");
        assertThat(job.getList("images")).isEmpty();
        for (int index = 1; index <= 3; index++) {
            assertThat(origin.hits(tag, index)).as("image %d fetched", index).isZero();
        }
        assertThat(Database.queryText("SELECT outcome FROM runflow_delivery WHERE headshots_id = ?", id))
                .isEqualTo("closed");
        assertThat(Bucket.keys(id + "/")).isEmpty();

        List<JsonNode> events = awaitLifecycle(id, 1);
        assertThat(events.get(0).get("type").asText()).isEqualTo(LifecycleEvent.CANCELLED);
        assertThat(events.get(0).get("id").asText()).isEqualTo(LifecycleEvent.idOf(LifecycleEvent.CANCELLED, id).toString());
        assertThat(events.get(0).get("tenantid").asText()).isEqualTo("default");
        assertThat(events.get(0).get("data").get("previous_status").asText()).isEqualTo("TIMED_OUT");
        assertThat(events.get(0).get("data").get("client_reference_id").asText()).isEqualTo("ref-" + id);

        cancel(id).statusCode(200).body("status", equalTo("CANCELLED"));
        assertThat(lifecycle(id)).as("a repeated cancel publishes nothing more").hasSize(1);
    }

    @Test
    void onlyAJobWithoutAnOutcomeCanBeCancelled() {
        UUID id = UUID.randomUUID();
        Callbacks.accept(id, origin.urls(id.toString(), 1));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
        cancel(id).statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:headshots:problem:conflict"));
        cancel(UUID.randomUUID()).statusCode(404);
        assertThat(Jobs.get(id).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void deletingACompletedJobLeavesATombstoneAndNothingInTheBucketAndARedeliveryBringsNothingBack() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        List<String> urls = origin.urls(tag, 3);
        Callbacks.accept(id, urls);
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
        Database.execute("UPDATE headshot_job SET client_reference_id = ?, metadata = '{\"user\": \"u-1\"}'::jsonb "
                + "WHERE headshots_id = ?", "ref-" + id, id);
        assertThat(Bucket.keys(id + "/")).hasSize(3);

        delete(id).statusCode(202).body("status", equalTo("DELETING"));
        JsonPath job = Jobs.awaitStatus(id, "DELETED");
        assertThat(Bucket.keys(id + "/")).isEmpty();
        assertThat(job.getList("images")).isEmpty();
        assertThat(job.getString("client_reference_id")).isNull();
        assertThat(job.getMap("metadata")).isNull();
        assertThat(job.getInt("image_count")).isEqualTo(3);
        assertThat(job.getString("erasure.reason")).isEqualTo("request");
        assertThat(job.getInt("erasure.stored_count")).isEqualTo(3);
        assertThat(job.getInt("erasure.objects_deleted")).isEqualTo(3);
        assertThat(job.getString("erasure.deleted_at")).isNotNull();
        assertThat(Database.queryLong("SELECT count(*) FROM headshot_image WHERE headshots_id = ?", id)).isZero();

        Callbacks.post(Callbacks.body(id, urls)).statusCode(200);
        Jobs.awaitDeliveries(id, 2);
        assertThat(Jobs.get(id).getString("status")).isEqualTo("DELETED");
        for (int index = 1; index <= 3; index++) {
            assertThat(origin.hits(tag, index)).as("image %d fetched again", index).isEqualTo(1);
        }
        assertThat(Bucket.keys(id + "/")).isEmpty();

        List<JsonNode> events = awaitLifecycle(id, 1);
        JsonNode deleted = events.get(0);
        assertThat(deleted.get("type").asText()).isEqualTo(LifecycleEvent.DELETED);
        assertThat(deleted.get("id").asText()).isEqualTo(LifecycleEvent.idOf(LifecycleEvent.DELETED, id).toString());
        assertThat(deleted.get("data").get("objects_deleted").asInt()).isEqualTo(3);
        assertThat(deleted.get("data").has("client_reference_id")).isFalse();

        delete(id).statusCode(200).body("status", equalTo("DELETED"));
        assertThat(lifecycle(id)).as("a repeated delete publishes nothing more").hasSize(1);
        assertThat(listed(null)).doesNotContain(id.toString());
        assertThat(listed("DELETED")).contains(id.toString());
    }

    @Test
    void aDeleteWhileImagesAreBeingCopiedLeavesNoObjectAndNoOpenUpload() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        CountDownLatch release = new CountDownLatch(1);
        // image 1: its download waits before its first byte, so its upload ends after the delete;
        // image 2: 6 MB without a Content-Length that stalls after 5.5 MB, so a multipart upload with one part is open;
        // image 3: stored before the delete.
        origin.fault(tag, 1, Fault.held(release));
        origin.fault(tag, 2, Fault.stalled(6 * 1024 * 1024, 5 * 1024 * 1024 + 512 * 1024, release));
        try {
            Callbacks.accept(id, origin.urls(tag, 3));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Bucket.openUploads(id + "/") == 1 && Bucket.keys(id + "/").size() == 1
                            && origin.hits(tag, 1) == 1);

            delete(id).statusCode(202);
            // the erasure's first pass runs while both copies are still in flight: it aborts the open upload and deletes
            // the stored image, and must then wait for the copies' bound before it may end
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Database.queryLong("SELECT coalesce(max(passes), 0) FROM job_erasure WHERE headshots_id = ?",
                            id) >= 1);
            assertThat(Bucket.openUploads(id + "/")).as("the upload in flight, aborted").isZero();
            assertThat(Jobs.get(id).getString("status")).isEqualTo("DELETING");
        } finally {
            release.countDown();
        }
        Jobs.awaitStatus(id, "DELETED");
        assertThat(Bucket.keys(id + "/")).as("objects left").isEmpty();
        assertThat(Bucket.openUploads(id + "/")).as("multipart uploads left open").isZero();
        assertThat(Database.queryLong("SELECT count(*) FROM headshot_image WHERE headshots_id = ?", id)).isZero();
        assertThat(awaitLifecycle(id, 1)).hasSize(1);
    }

    @Test
    void anErasureAnInstanceDiedHoldingIsTakenOverAndFinished() {
        UUID id = UUID.randomUUID();
        Callbacks.accept(id, origin.urls(id.toString(), 2));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");
        // What an instance killed in the middle of an erasure leaves: the job DELETING, its objects still there, and the
        // erasure claimed under a lease that has run out.
        Database.execute("DELETE FROM headshot_image WHERE headshots_id = ?", id);
        Database.execute("UPDATE headshot_job SET status = 'DELETING', deletion_reason = 'request', "
                + "deletion_requested_at = now(), stored_count = 2 WHERE headshots_id = ?", id);
        Database.execute("INSERT INTO job_erasure (headshots_id, status, next_attempt_at, settle_until, lease_owner) "
                + "VALUES (?, 'ERASING', now() - interval '1 second', now(), 'killed-instance')", id);
        assertThat(Bucket.keys(id + "/")).hasSize(2);

        Jobs.awaitStatus(id, "DELETED");
        assertThat(Bucket.keys(id + "/")).isEmpty();
        assertThat(Jobs.get(id).getInt("erasure.objects_deleted")).isEqualTo(2);
        assertThat(Database.queryLong("SELECT count(*) FROM job_erasure WHERE headshots_id = ?", id)).isZero();
    }

    @Test
    void anotherTenantsCancelOrDeleteIsNotFoundAndChangesNothing() {
        String other = Tenants.withKey(Tenants.freshId("erasure"), Map.of());
        UUID completed = UUID.randomUUID();
        Callbacks.accept(completed, origin.urls(completed.toString(), 1));
        Jobs.awaitTerminal(completed);
        UUID waiting = submitted("SUBMITTED");

        Tenants.api(other).when().delete("/v1/headshots/" + completed).then().statusCode(404)
                .contentType("application/problem+json");
        Tenants.api(other).when().post("/v1/headshots/" + waiting + "/cancel").then().statusCode(404);
        Tenants.api(other).when().delete("/v1/headshots/" + waiting).then().statusCode(404);

        assertThat(Jobs.get(completed).getString("status")).isEqualTo("COMPLETED");
        assertThat(Bucket.keys(completed + "/")).hasSize(1);
        assertThat(Jobs.get(waiting).getString("status")).isEqualTo("SUBMITTED");
        io.restassured.RestAssured.given().when().delete("/v1/headshots/" + completed).then().statusCode(401);
    }

    /** A job submitted to Runflow (legacy) as a submission leaves it, in {@code status}, with a reference and metadata. */
    private static UUID submitted(String status) {
        UUID id = UUID.randomUUID();
        Database.execute("INSERT INTO headshot_job (headshots_id, status, created_at, submitted_at, deliveries, runflow_api, "
                + "tenant_id, client_reference_id, metadata, photo_count) VALUES (?, ?, now(), now(), 0, 'legacy', 'default', "
                + "?, '{\"user\": \"u-1\"}'::jsonb, 4)", id, status, "ref-" + id);
        return id;
    }

    private static ValidatableResponse cancel(UUID id) {
        return Jobs.api().when().post("/v1/headshots/" + id + "/cancel").then();
    }

    private static ValidatableResponse delete(UUID id) {
        return Jobs.api().when().delete("/v1/headshots/" + id).then();
    }

    private static List<String> listed(String status) {
        var request = Jobs.api().queryParam("limit", 100);
        if (status != null) {
            request = request.queryParam("status", status);
        }
        return request.when().get("/v1/headshots").then().statusCode(200).extract().jsonPath()
                .getList("items.headshots_id");
    }

    private static List<JsonNode> awaitLifecycle(UUID id, int count) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> lifecycle(id), found -> found.size() >= count);
    }

    private static List<JsonNode> lifecycle(UUID id) {
        return KafkaTopics.readAll(Topics.LIFECYCLE, id.toString()).stream().map(ConsumerRecord::value)
                .map(ErasureTest::parse).toList();
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
