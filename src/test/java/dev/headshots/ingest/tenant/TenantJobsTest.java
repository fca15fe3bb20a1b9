package dev.headshots.ingest.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.simulator.Faults;
import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.InjectSimulator;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.KafkaTopics;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Metrics;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import dev.headshots.ingest.support.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.path.json.JsonPath;

/**
 * A tenant's jobs end to end, through the Runflow simulator and the real stack: stored under the tenant's key prefix and in its
 * own bucket, its metadata and client reference in the job and the event, its id on the event and its Kafka record, and in the
 * metrics; a disabled tenant's jobs still complete.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class TenantJobsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectSimulator
    RunflowSimulator runflow;

    @Test
    void aTenantsJobIsStoredUnderItsPrefixAndItsEventSaysWhoseItIsAndWhatItWasGiven() throws Exception {
        String tenant = Tenants.freshId("prefixed");
        String key = Tenants.withKey(tenant, Map.of());
        Map<String, String> metadata = Map.of("user", "u-42", "plan", "pro", "note", "ünïcödé ✓");
        UUID id = submit(key, "ref-" + tenant, JSON.writeValueAsString(metadata));

        JsonPath job = Jobs.awaitTerminal(id, key);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getString("tenant_id")).isEqualTo(tenant);
        assertThat(job.getString("client_reference_id")).isEqualTo("ref-" + tenant);
        assertThat(job.getMap("metadata")).isEqualTo(metadata);
        List<String> keys = job.getList("images.key");
        assertThat(keys).hasSize(60).allMatch(objectKey -> objectKey.startsWith(tenant + "/" + id + "/"));
        assertThat(Bucket.keys(tenant + "/" + id + "/")).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(Bucket.keys(id + "/")).as("nothing under the unprefixed key").isEmpty();
        assertThat(Bucket.read(keys.get(6))).isEqualTo(runflow.imageBytes(id, 7));

        ConsumerRecord<String, byte[]> record = KafkaTopics.find(Topics.STORED, id.toString(), Duration.ofSeconds(30))
                .orElseThrow();
        assertThat(new String(record.headers().lastHeader("tenant-id").value(), StandardCharsets.UTF_8)).isEqualTo(tenant);
        JsonNode event = JSON.readTree(record.value());
        assertThat(event.get("tenantid").asText()).isEqualTo(tenant);
        JsonNode data = event.get("data");
        assertThat(data.get("tenant_id").asText()).isEqualTo(tenant);
        assertThat(data.get("client_reference_id").asText()).isEqualTo("ref-" + tenant);
        assertThat(JSON.convertValue(data.get("metadata"), Map.class)).isEqualTo(metadata);
        assertThat(data.get("bucket").asText()).isEqualTo(Bucket.NAME);
        assertThat(data.get("images").findValuesAsText("key")).containsExactlyElementsOf(keys);

        assertThat(Metrics.value("headshots_images_stored_total{tenant=\"" + tenant + "\"}")).isEqualTo(60);
        assertThat(Tenants.api(key).queryParam("client_reference_id", "ref-" + tenant).get("/v1/headshots").then()
                .statusCode(200).extract().jsonPath().getList("items.headshots_id")).containsExactly(id.toString());
    }

    @Test
    void aTenantWithABucketOfItsOwnGetsItsObjectsThereAndLinksThatWork() throws Exception {
        String bucket = "headshots-tenant-test";
        Bucket.create(bucket);
        String tenant = Tenants.freshId("bucketed");
        String key = Tenants.withKey(tenant, Map.of("bucket", bucket, "key_prefix", ""));
        UUID id = submit(key, null, null);

        JsonPath job = Jobs.awaitTerminal(id, key);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(Bucket.keys(bucket, id + "/")).hasSize(60);
        assertThat(Bucket.keys(id + "/")).as("nothing in the installation's bucket").isEmpty();
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(job.getString("images[0].url"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(runflow.imageBytes(id, 1));
        JsonNode event = JSON.readTree(KafkaTopics.find(Topics.STORED, id.toString(), Duration.ofSeconds(30)).orElseThrow()
                .value());
        assertThat(event.get("data").get("bucket").asText()).isEqualTo(bucket);
        assertThat(event.get("data").has("client_reference_id")).isFalse();
        assertThat(event.get("data").has("metadata")).isFalse();
    }

    @Test
    void badDetailsAre422ListingEveryViolationAndRunflowIsNotCalled() {
        int submissions = runflow.submissions();
        JsonPath problem = Jobs.api().multiPart("images", "me.jpg", Photos.jpeg(1), "image/jpeg")
                .multiPart("client_reference_id", "x".repeat(201))
                .multiPart("metadata", "{\"ok\":\"fine\",\"" + "k".repeat(41) + "\":\"v\",\"n\":3}")
                .post("/v1/headshots").then()
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:headshots:problem:validation-failed"))
                .extract().jsonPath();
        assertThat(problem.getList("errors.field")).containsExactly("client_reference_id", "metadata", "metadata");
        assertThat(problem.getString("$")).doesNotContain("kkkkk");
        for (String metadata : List.of("[]", "not json", "{\"a\":\"1\",\"a\":\"2\"}", "{\"a\":{\"b\":\"c\"}}",
                "{\"a\":\"" + "v".repeat(501) + "\"}", tooManyKeys(), "{\"\":\"empty key\"}", "{\"a\":\"tab\\there\"}")) {
            Jobs.api().multiPart("images", "me.jpg", Photos.jpeg(1), "image/jpeg").multiPart("metadata", metadata)
                    .post("/v1/headshots").then().statusCode(422).body("errors[0].field", equalTo("metadata"));
        }
        Jobs.api().multiPart("images", "me.jpg", Photos.jpeg(1), "image/jpeg").multiPart("client_reference_id", "")
                .post("/v1/headshots").then().statusCode(422);
        assertThat(runflow.submissions()).isEqualTo(submissions);
    }

    @Test
    void aDisabledTenantsJobsKeepBeingCopiedAndACallbackOnTheSharedEndpointStaysItsOwn() {
        String tenant = Tenants.freshId("paused");
        String key = Tenants.withKey(tenant, Map.of());
        runflow.nextJobFaults(Faults.none().withSlowImages(Duration.ofSeconds(2), 1, 2, 3));
        UUID id = submit(key, null, null);
        Tenants.admin().post("/admin/v1/tenants/" + tenant + "/disable").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> Tenants.api(key).get("/v1/headshots").statusCode() == 401);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> Database.queryLong(
                "SELECT count(*) FROM headshot_job WHERE headshots_id = ? AND status = 'COMPLETED'", id) == 1);
        assertThat(Database.queryLong("SELECT count(*) FROM headshot_job WHERE headshots_id = ? AND tenant_id = ?", id,
                tenant)).isEqualTo(1);

        Callbacks.accept(id, List.of(runflow.baseUrl() + "/ignored/001.jpg"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Database.queryLong(
                "SELECT deliveries FROM headshot_job WHERE headshots_id = ?", id) == 2);
        assertThat(Database.queryLong("SELECT count(*) FROM headshot_job WHERE headshots_id = ? AND tenant_id = ?", id,
                tenant)).as("a repeated callback on the shared endpoint leaves the job its tenant's").isEqualTo(1);
        Tenants.admin().post("/admin/v1/tenants/" + tenant + "/enable").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> Tenants.api(key).get("/v1/headshots/" + id).statusCode() == 200);
    }

    private static UUID submit(String key, String reference, String metadata) {
        var request = Tenants.api(key).multiPart("images", "me.jpg", Photos.jpeg(5), "image/jpeg");
        if (reference != null) {
            request.multiPart("client_reference_id", reference);
        }
        if (metadata != null) {
            request.multiPart(new MultiPartSpecBuilder(metadata).controlName("metadata").mimeType("application/json")
                    .charset(StandardCharsets.UTF_8).build());
        }
        return UUID.fromString(request.post("/v1/headshots").then().statusCode(202).extract().path("headshots_id"));
    }

    private static String tooManyKeys() {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 21; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        return json.append('}').toString();
    }
}
