package dev.headshots.ingest.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.security.SecretSet;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.HostileClient;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** The admin API under {@code /admin/v1}: tenants, their keys, and what each mistake is answered. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class TenantAdminTest {

    @Test
    void everythingUnderAdminNeedsAnAdminKeyNotAnApiKey() throws Exception {
        for (ValidatableResponse answer : List.of(
                given().get("/admin/v1/tenants").then(),
                given().header("X-Admin-Key", "wrong").get("/admin/v1/tenants").then(),
                given().header("X-Api-Key", "test-api-key").get("/admin/v1/tenants").then(),
                given().contentType(ContentType.JSON).body("{\"id\":\"x\",\"name\":\"x\"}").post("/admin/v1/tenants")
                        .then())) {
            answer.statusCode(401).contentType("application/problem+json")
                    .body("type", equalTo("urn:headshots:problem:unauthorized"));
        }
        for (String spelling : List.of("//admin/../v1/headshots", "//admin/v1/tenants", "/q/../admin/v1/tenants/default",
                "/admin;x/v1/tenants")) {
            // sent over a raw socket: HTTP clients remove dot segments and matrix parameters before sending
            String request = "GET " + spelling + " HTTP/1.1\r\nHost: localhost\r\nX-Admin-Key: test-admin-key\r\n"
                    + "Connection: close\r\n\r\n";
            var answer = HostileClient.exchange(RestAssured.port, request.getBytes(StandardCharsets.ISO_8859_1),
                    Duration.ofSeconds(10));
            assertThat(answer.status()).as(spelling).isEqualTo(400);
            assertThat(answer.header("Content-Type")).as(spelling).isEqualTo("application/problem+json");
            assertThat(answer.bodyText()).as(spelling).contains("urn:headshots:problem:ambiguous-path");
        }
        given().header("X-Admin-Key", "test-admin-key-old").get("/admin/v1/tenants/default").then().statusCode(200)
                .body("key_prefix", equalTo(""))
                .body("bucket", equalTo("headshots"));
    }

    @Test
    void aTenantIsCreatedOnceAndReadBack() {
        String id = Tenants.freshId("acme");
        Tenants.admin().contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Acme Corp", "max_jobs_in_flight", 50, "submissions_per_minute", 10))
                .post("/admin/v1/tenants").then()
                .statusCode(201)
                .header("Location", containsString("/admin/v1/tenants/" + id))
                .body("id", equalTo(id))
                .body("name", equalTo("Acme Corp"))
                .body("key_prefix", equalTo(id + "/"))
                .body("bucket", equalTo("headshots"))
                .body("max_jobs_in_flight", equalTo(50))
                .body("submissions_per_minute", equalTo(10))
                .body("disabled_at", nullValue());

        Tenants.admin().contentType(ContentType.JSON).body(Map.of("id", id, "name", "Again"))
                .post("/admin/v1/tenants").then()
                .statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:headshots:problem:conflict"));
        Tenants.admin().get("/admin/v1/tenants/" + id).then().statusCode(200).body("name", equalTo("Acme Corp"));
        Tenants.admin().get("/admin/v1/tenants/no-such-tenant").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void badTenantsAre422WithEveryViolationListed() {
        JsonPath problem = Tenants.admin().contentType(ContentType.JSON)
                .body(Map.of("id", "Not_A-Slug", "name", "", "bucket", "NO", "key_prefix", "/abs", "max_jobs_in_flight",
                        0, "submissions_per_minute", "ten", "colour", "red"))
                .post("/admin/v1/tenants").then()
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:headshots:problem:validation-failed"))
                .extract().jsonPath();
        assertThat(problem.getList("errors.field")).containsExactlyInAnyOrder("/id", "/name", "/bucket", "/key_prefix",
                "/max_jobs_in_flight", "/submissions_per_minute", "/colour");
        for (String id : List.of("", "-starts-with-hyphen", "a".repeat(33), "UPPER", "dots.no", "ünï")) {
            Tenants.admin().contentType(ContentType.JSON).body(Map.of("id", id, "name", "x")).post("/admin/v1/tenants")
                    .then().statusCode(422).body("errors.field", hasItem("/id"));
        }
        Tenants.admin().contentType(ContentType.JSON).body(Map.of("name", "no id")).post("/admin/v1/tenants")
                .then().statusCode(422).body("errors.field", hasItem("/id"));
        Tenants.admin().contentType(ContentType.JSON).body("[1]").post("/admin/v1/tenants")
                .then().statusCode(400).contentType("application/problem+json");
        Tenants.admin().contentType(ContentType.JSON).body("{not json").post("/admin/v1/tenants")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aBucketTheServiceCannotWriteToIs422NamingTheBucket() {
        String id = Tenants.freshId("nobucket");
        Tenants.admin().contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "No bucket", "bucket", "no-such-bucket-of-ours"))
                .post("/admin/v1/tenants").then()
                .statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("no-such-bucket-of-ours"))
                .body("errors[0].field", equalTo("/bucket"));
        Tenants.admin().get("/admin/v1/tenants/" + id).then().statusCode(404);
    }

    @Test
    void aPatchChangesOnlyWhatItNamesAndNullRestoresDefaults() {
        String id = Tenants.freshId("patch");
        Tenants.create(id, Map.of("max_jobs_in_flight", 3, "key_prefix", "custom/place/"));
        Tenants.admin().contentType("application/merge-patch+json").body("{\"name\":\"Renamed\",\"max_jobs_in_flight\":null}")
                .patch("/admin/v1/tenants/" + id).then()
                .statusCode(200)
                .body("name", equalTo("Renamed"))
                .body("max_jobs_in_flight", nullValue())
                .body("key_prefix", equalTo("custom/place/"));
        Tenants.admin().contentType(ContentType.JSON).body("{\"key_prefix\":null,\"submissions_per_minute\":7}")
                .patch("/admin/v1/tenants/" + id).then()
                .statusCode(200)
                .body("name", equalTo("Renamed"))
                .body("key_prefix", equalTo(id + "/"))
                .body("submissions_per_minute", equalTo(7));
        Tenants.admin().contentType(ContentType.JSON).body("{\"id\":\"other\",\"name\":null}")
                .patch("/admin/v1/tenants/" + id).then()
                .statusCode(422).body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("/id", "/name"));
        Tenants.admin().contentType(ContentType.JSON).body("{\"name\":\"x\"}").patch("/admin/v1/tenants/nobody-here")
                .then().statusCode(404);
    }

    @Test
    void tenantsAreListedByIdPageByPage() {
        List<String> ids = new ArrayList<>();
        String stem = Tenants.freshId("page");
        for (int i = 0; i < 3; i++) {
            ids.add(stem + "-" + i);
            Tenants.create(stem + "-" + i, Map.of());
        }
        List<String> seen = new ArrayList<>();
        String after = stem;
        do {
            JsonPath page = Tenants.admin().queryParam("limit", 2).queryParam("after", after).get("/admin/v1/tenants")
                    .then().statusCode(200).extract().jsonPath();
            List<String> items = page.getList("items.id");
            seen.addAll(items.stream().filter(id -> id.startsWith(stem)).toList());
            after = page.getString("next");
            if (!items.isEmpty() && !items.get(items.size() - 1).startsWith(stem)) {
                break;
            }
        } while (after != null);
        assertThat(seen).containsExactlyElementsOf(ids);
        Tenants.admin().queryParam("limit", 0).get("/admin/v1/tenants").then().statusCode(400);
    }

    @Test
    void aKeyIsShownOnceStoredAsItsDigestListedWithoutItselfAndRevocable() {
        String id = Tenants.freshId("keys");
        Tenants.create(id, Map.of());
        JsonPath issued = Tenants.issueKey(id);
        String key = issued.getString("api_key");
        String keyId = issued.getString("key_id");
        assertThat(key).startsWith("hsk_").hasSize(4 + 43);
        assertThat(keyId).startsWith("key_");
        assertThat(issued.getString("created_at")).isNotNull();

        String listed = Tenants.admin().get("/admin/v1/tenants/" + id + "/api-keys").then().statusCode(200)
                .body("items.key_id", org.hamcrest.Matchers.contains(keyId))
                .body("items[0].revoked_at", nullValue())
                .extract().asString();
        assertThat(listed).doesNotContain(key);
        assertThat(Database.queryLong("SELECT count(*) FROM tenant_api_key WHERE key_id = ? AND key_sha256 = decode(?, 'hex')",
                keyId, HexFormat.of().formatHex(SecretSet.sha256(key)))).isEqualTo(1);

        Tenants.api(key).get("/v1/headshots").then().statusCode(200);
        Tenants.admin().delete("/admin/v1/tenants/" + id + "/api-keys/" + keyId).then().statusCode(204);
        Tenants.admin().delete("/admin/v1/tenants/" + id + "/api-keys/" + keyId).then().statusCode(204);
        Tenants.admin().delete("/admin/v1/tenants/" + id + "/api-keys/key_0000").then().statusCode(404);
        Tenants.admin().delete("/admin/v1/tenants/default/api-keys/" + keyId).then().statusCode(404);
        Tenants.admin().get("/admin/v1/tenants/" + id + "/api-keys").then().body("items[0].revoked_at",
                org.hamcrest.Matchers.notNullValue());
        Tenants.admin().post("/admin/v1/tenants/nobody-at-all/api-keys").then().statusCode(404);
        Tenants.admin().get("/admin/v1/tenants/nobody-at-all/api-keys").then().statusCode(404);
    }

    @Test
    void aDisabledTenantKeepsItsRowAndCanBeEnabledAgain() {
        String id = Tenants.freshId("off");
        Tenants.create(id, Map.of());
        Tenants.admin().post("/admin/v1/tenants/" + id + "/disable").then().statusCode(200)
                .body("disabled_at", org.hamcrest.Matchers.notNullValue());
        Tenants.admin().post("/admin/v1/tenants/" + id + "/enable").then().statusCode(200)
                .body("disabled_at", nullValue());
        Tenants.admin().post("/admin/v1/tenants/nobody-else/disable").then().statusCode(404);
    }
}
