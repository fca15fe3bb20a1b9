package dev.headshots.ingest.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.webhook.HttpLimitsProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Failed console sign-ins count against the same per-address allowance as the API's failed authentications (3 here, see
 * {@link HttpLimitsProfile}): once an address used it up at the sign-in form, the right key is refused there with 429 and so is
 * the API; another address is not affected.
 */
@QuarkusTest
@TestProfile(HttpLimitsProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ConsoleSignInLimitTest {

    @Test
    void wrongKeysAtTheSignInFormUseUpTheAddresssAllowanceForTheApiToo() {
        String client = "198.51.100.18";
        for (int i = 0; i < 3; i++) {
            ConsoleHttp.signInForm().post(given().header("X-Forwarded-For", client), "guess-" + i)
                    .when().post("/console/sign-in").then().statusCode(401);
        }
        ConsoleHttp.signInForm().post(given().header("X-Forwarded-For", client), Jobs.API_KEY)
                .when().post("/console/sign-in").then().statusCode(429).header("Retry-After", "3600")
                .body(containsString("Too many failed sign-ins"));
        given().header("X-Forwarded-For", client).header("X-Api-Key", Jobs.API_KEY).get("/v1/headshots").then()
                .statusCode(429);
        ConsoleHttp.signInForm().post(given().header("X-Forwarded-For", "198.51.100.19"), Jobs.API_KEY)
                .when().post("/console/sign-in").then().statusCode(303);
    }
}
