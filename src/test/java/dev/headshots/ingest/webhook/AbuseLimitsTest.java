package dev.headshots.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.SignedCallbacks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/**
 * The abuse limits of the callback endpoints: a client that keeps failing to authenticate is answered 429 with Retry-After
 * (even when it finally presents the right secret, so that a guess cannot be confirmed while it is blocked), other clients are
 * not affected, and callbacks above the per-second ceiling are answered 503 with Retry-After. Each test speaks for its own
 * client addresses through X-Forwarded-For from the trusted proxy 127.0.0.1 (see {@link HttpLimitsProfile}).
 */
@QuarkusTest
@TestProfile(HttpLimitsProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class AbuseLimitsTest {

    private static final String VALID = Callbacks.body(UUID.randomUUID(), List.of("http://localhost:1/limits/001.jpg"));

    @Test
    void aClientThatKeepsFailingIs429EvenWithTheRightSecretAndOthersAreNot() {
        String client = "203.0.113.10";
        for (int i = 0; i < HttpLimitsProfile.BURST; i++) {
            post(client, "guess-" + i).statusCode(401);
        }

        post(client, "guess-again").statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("urn:headshots:problem:too-many-requests"))
                .header("Retry-After", "3600");
        post(client, Callbacks.SECRET).statusCode(429);
        post("203.0.113.11", "guess").statusCode(401);
    }

    @Test
    void wrongApiKeysCountAsFailuresAndEndIn429Too() {
        String client = "203.0.113.30";
        for (int i = 0; i < HttpLimitsProfile.BURST; i++) {
            given().header("X-Forwarded-For", client).header("X-Api-Key", "guess-" + i).get("/v1/headshots").then()
                    .statusCode(401);
        }
        given().header("X-Forwarded-For", client).header("X-Api-Key", Jobs.API_KEY).get("/v1/headshots").then()
                .statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("urn:headshots:problem:too-many-requests"))
                .header("Retry-After", "3600");
        given().header("X-Forwarded-For", "203.0.113.31").header("X-Api-Key", Jobs.API_KEY).get("/v1/headshots").then()
                .statusCode(200);
    }

    @Test
    void wrongAdminKeysCountAgainstTheSameAllowance() {
        String client = "203.0.113.40";
        for (int i = 0; i < HttpLimitsProfile.BURST - 1; i++) {
            given().header("X-Forwarded-For", client).header("X-Admin-Key", "guess-" + i).get("/admin/v1/tenants").then()
                    .statusCode(401);
        }
        given().header("X-Forwarded-For", client).header("X-Api-Key", "guess").get("/v1/headshots").then().statusCode(401);
        given().header("X-Forwarded-For", client).header("X-Admin-Key", "test-admin-key").get("/admin/v1/tenants").then()
                .statusCode(429).contentType("application/problem+json").header("Retry-After", "3600");
        given().header("X-Forwarded-For", "203.0.113.41").header("X-Admin-Key", "test-admin-key").get("/admin/v1/tenants")
                .then().statusCode(200);
    }

    @Test
    void unknownTokensOnThePerJobPathCountAsFailuresToo() {
        String client = "203.0.113.20";
        for (int i = 0; i < HttpLimitsProfile.BURST; i++) {
            given().header("X-Forwarded-For", client).contentType(ContentType.JSON).body(VALID)
                    .post(Callbacks.PATH + "/" + "A".repeat(42) + i).then().statusCode(404);
        }

        given().header("X-Forwarded-For", client).contentType(ContentType.JSON).body(VALID)
                .post(Callbacks.PATH + "/" + "B".repeat(43)).then().statusCode(429).header("Retry-After", "3600");
        post(client, "guess").statusCode(429);
    }

    @Test
    void anIpv6ClientIsLimitedByItsSlash48() {
        for (int i = 0; i < HttpLimitsProfile.BURST; i++) {
            post("2001:db8:7:" + (i + 1) + "::1", "guess").statusCode(401); // another /64 each time
        }

        post("2001:db8:7:ffff::1", "guess").statusCode(429);
        post("2001:db8:8::1", "guess").statusCode(401);
    }

    @Test
    void callbacksAboveTheCeilingAre503WithRetryAfterAndASignedOneGivesItsIdBack() throws Exception {
        int senders = 5 * HttpLimitsProfile.PER_SECOND;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        Map<String, CompletableFuture<ExtractableResponse<Response>>> answers = new LinkedHashMap<>();
        try {
            for (int i = 0; i < senders; i++) {
                String id = "msg_" + UUID.randomUUID();
                String body = Callbacks.body(UUID.randomUUID(), List.of("http://localhost:1/limits/001.jpg"));
                answers.put(id, CompletableFuture.supplyAsync(() -> SignedCallbacks
                        .post(SignedCallbacks.NEW_SECRET, id, SignedCallbacks.now(), body).extract(), pool));
            }
            CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }

        List<Integer> statuses = answers.values().stream().map(answer -> answer.join().statusCode()).toList();
        assertThat(statuses).containsOnly(200, 503).contains(200, 503);
        answers.forEach((id, future) -> {
            ExtractableResponse<Response> answer = future.join();
            if (answer.statusCode() == 503) {
                assertThat(answer.header("Retry-After")).isEqualTo("1");
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(Database.queryLong("SELECT count(*) FROM webhook_delivery WHERE webhook_id = ?", id))
                        .as("a refused delivery leaves no claim behind").isZero();
            }
        });
    }

    private static ValidatableResponse post(String client, String secret) {
        return given().header("X-Forwarded-For", client).header("X-Webhook-Secret", secret).contentType(ContentType.JSON)
                .body(VALID).post(Callbacks.PATH).then();
    }
}
