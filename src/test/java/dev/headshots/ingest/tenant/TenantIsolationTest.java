package dev.headshots.ingest.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import dev.headshots.ingest.support.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The isolation matrix: every {@code /v1} route that names a job, in every HTTP method, with tenant A's key (valid, revoked)
 * and a disabled tenant's key, on tenant B's job, is answered exactly as for an id that does not exist: same status, same media
 * type, same body but for the id. The routes are read from the OpenAPI document, so a route added later is in the matrix
 * without a change here. Lists, filters and cursors leak nothing either.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class TenantIsolationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private static String keyOfA;
    private static String revokedKeyOfA;
    private static String keyOfDisabled;
    private static String keyOfB;
    private static UUID jobOfB;
    private static String referenceOfB;

    /** Made once, by the first test (RestAssured knows the service's port only once a test instance exists). */
    @BeforeEach
    void tenants() {
        if (jobOfB != null) {
            return;
        }
        String a = Tenants.freshId("iso-a");
        keyOfA = Tenants.withKey(a, Map.of());
        var revoked = Tenants.issueKey(a);
        revokedKeyOfA = revoked.getString("api_key");
        Tenants.admin().delete("/admin/v1/tenants/" + a + "/api-keys/" + revoked.getString("key_id")).then().statusCode(204);
        String disabled = Tenants.freshId("iso-off");
        keyOfDisabled = Tenants.withKey(disabled, Map.of());
        Tenants.admin().post("/admin/v1/tenants/" + disabled + "/disable").then().statusCode(200);
        keyOfB = Tenants.withKey(Tenants.freshId("iso-b"), Map.of());
        referenceOfB = "order-" + UUID.randomUUID();
        String location = Tenants.api(keyOfB).multiPart("images", "b.jpg", Photos.jpeg(3), "image/jpeg")
                .multiPart("client_reference_id", referenceOfB)
                .post("/v1/headshots").then().statusCode(202).extract().header("Location");
        jobOfB = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    @Test
    void everyJobRouteAnswersAnotherTenantsJobAsAnUnknownId() throws Exception {
        List<String> routes = jobRoutes();
        assertThat(routes).as("routes naming a job, from /q/openapi").contains("/v1/headshots/{headshotsId}",
                "/v1/headshots/{headshotsId}/replay", "/v1/headshots/{headshotsId}/cancel");
        Tenants.api(keyOfB).get("/v1/headshots/" + jobOfB).then().statusCode(200);

        int cells = 0;
        for (String key : List.of(keyOfA, revokedKeyOfA, keyOfDisabled)) {
            for (String route : routes) {
                for (String method : METHODS) {
                    UUID unknown = UUID.randomUUID();
                    Response other = Tenants.api(key).request(method, route.replaceAll("\\{[^}]+}", jobOfB.toString()));
                    Response none = Tenants.api(key).request(method, route.replaceAll("\\{[^}]+}", unknown.toString()));
                    String cell = method + " " + route + " with key " + key.substring(0, 8) + "…";
                    assertThat(other.statusCode()).as(cell).isEqualTo(none.statusCode()).isBetween(400, 499);
                    assertThat(other.contentType()).as(cell).isEqualTo(none.contentType());
                    assertThat(other.asString().replace(jobOfB.toString(), "ID")).as(cell)
                            .isEqualTo(none.asString().replace(unknown.toString(), "ID"));
                    cells++;
                }
            }
        }
        assertThat(cells).isEqualTo(3 * routes.size() * METHODS.size());
        System.out.printf("isolation matrix: %d routes x %d methods x 3 keys = %d cells%n", routes.size(), METHODS.size(),
                cells);
    }

    @Test
    void listsFiltersAndCursorsShowNothingOfAnotherTenant() {
        Jobs.awaitTerminal(jobOfB, keyOfB);
        assertThat(Tenants.api(keyOfA).get("/v1/headshots?limit=100").then().statusCode(200).extract().jsonPath()
                .getList("items.headshots_id")).doesNotContain(jobOfB.toString());
        assertThat(Tenants.api(keyOfA).queryParam("client_reference_id", referenceOfB).get("/v1/headshots").then()
                .statusCode(200).extract().jsonPath().getList("items")).isEmpty();
        assertThat(Tenants.api(keyOfB).queryParam("client_reference_id", referenceOfB).get("/v1/headshots").then()
                .statusCode(200).extract().jsonPath().getList("items.headshots_id")).containsExactly(jobOfB.toString());
        assertThat(Jobs.api().get("/v1/headshots?limit=100").then().statusCode(200).extract().jsonPath()
                .getList("items.headshots_id")).as("the default tenant's list").doesNotContain(jobOfB.toString());

        Tenants.api(keyOfB).multiPart("images", "b2.jpg", Photos.jpeg(4), "image/jpeg").post("/v1/headshots").then()
                .statusCode(202);
        String cursorOfB = Tenants.api(keyOfB).get("/v1/headshots?limit=1").then().statusCode(200).extract().jsonPath()
                .getString("next");
        assertThat(cursorOfB).isNotNull();
        String refused = Tenants.api(keyOfA).get("/v1/headshots?after=" + cursorOfB).then().statusCode(400).extract()
                .asString();
        assertThat(refused).isEqualTo(Tenants.api(keyOfA).get("/v1/headshots?after=bm90LWEtY3Vyc29y").then()
                .statusCode(400).extract().asString());
        Tenants.api(keyOfB).get("/v1/headshots?after=" + cursorOfB).then().statusCode(200);
    }

    @Test
    void revokedAndDisabledKeysAre401Everywhere() {
        for (String key : List.of(revokedKeyOfA, keyOfDisabled)) {
            Tenants.api(key).get("/v1/headshots").then().statusCode(401).contentType("application/problem+json");
            Tenants.api(key).multiPart("images", "x.jpg", Photos.jpeg(1), "image/jpeg").post("/v1/headshots").then()
                    .statusCode(401);
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** The path templates under {@code /v1} that take a job's id, from the service's own OpenAPI document. */
    private static List<String> jobRoutes() throws Exception {
        JsonNode paths = JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").then()
                .statusCode(200).extract().asString()).get("paths");
        List<String> routes = new ArrayList<>();
        for (Iterator<String> names = paths.fieldNames(); names.hasNext();) {
            String path = names.next();
            if (path.startsWith("/v1/") && path.contains("{")) {
                routes.add(path);
            }
        }
        return routes;
    }
}
