package dev.headshots.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.KafkaTopics;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Metrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The benchmark's ceiling, {@code POST /webhooks/bench/ceiling}, switched on by {@link HttpLimitsProfile}: it checks a callback
 * as the callback endpoint does (credentials, media type, every field) and answers 200 without publishing or counting it, past
 * the per-second ceiling of forwarded callbacks (2 in this profile).
 */
@QuarkusTest
@TestProfile(HttpLimitsProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class BenchCeilingTest {

    static final String PATH = "/webhooks/bench/ceiling";
    private static final String ACCEPTED = "headshots_callbacks_total{outcome=\"accepted\"}";

    @Test
    void aValidCallbackIsCheckedAndAnsweredButNeverPublished() {
        double accepted = Metrics.value(ACCEPTED);
        List<UUID> jobs = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID());

        for (UUID job : jobs) {
            post(Callbacks.body(job, List.of("https://cdn.runflow.io/ceiling/001.jpg")), "203.0.113.70").statusCode(200)
                    .body("status", equalTo("checked")).body("headshots_id", equalTo(job.toString()));
        }

        assertThat(Metrics.value(ACCEPTED)).isEqualTo(accepted);
        for (UUID job : jobs) {
            assertThat(KafkaTopics.readAll(Topics.CALLBACKS, job.toString())).isEmpty();
        }
    }

    @Test
    void everyFieldIsCheckedAsOnTheCallbackEndpoint() {
        post(Callbacks.body(UUID.randomUUID(), List.of("https://cdn.runflow.io/a.jpg", "ftp://cdn.runflow.io/b.jpg")),
                "203.0.113.71").statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("/image_urls/1"));
        post("{\"event\":\"headshots.completed\",\"headshots_id\":\"1-2-3-4-5\",\"image_urls\":[\"https://x.io/a\"]}",
                "203.0.113.71").statusCode(422).body("errors[0].field", equalTo("/headshots_id"));
        given().contentType(ContentType.TEXT).header("X-Webhook-Secret", Callbacks.SECRET)
                .header("X-Forwarded-For", "203.0.113.71").body("{}")
                .when().post(PATH).then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void wrongCredentialsAre401() {
        given().contentType(ContentType.JSON).header("X-Webhook-Secret", "not-the-secret")
                .header("X-Forwarded-For", "203.0.113.72").body(Callbacks.body(UUID.randomUUID(), List.of("https://x.io/a")))
                .when().post(PATH).then().statusCode(401).contentType("application/problem+json");
    }

    private static ValidatableResponse post(String body, String client) {
        return given().contentType(ContentType.JSON).header("X-Webhook-Secret", Callbacks.SECRET)
                .header("X-Forwarded-For", client).body(body).when().post(PATH).then();
    }
}
