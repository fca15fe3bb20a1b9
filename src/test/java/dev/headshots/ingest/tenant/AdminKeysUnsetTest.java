package dev.headshots.ingest.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With {@code headshots.admin.keys} empty, every {@code /admin} request is 401, whatever it presents. */
@QuarkusTest
@TestProfile(AdminKeysUnsetProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class AdminKeysUnsetTest {

    @Test
    void everyAdminRequestIs401() {
        for (String key : new String[]{null, "", "test-admin-key", "test-api-key"}) {
            var request = given();
            if (key != null) {
                request.header("X-Admin-Key", key);
            }
            request.get("/admin/v1/tenants/default").then().statusCode(401)
                    .body("type", equalTo("urn:headshots:problem:unauthorized"));
        }
        given().header("X-Api-Key", "test-api-key").get("/v1/headshots").then().statusCode(200);
    }
}
