package dev.headshots.ingest.ops;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Stops Postgres, S3Proxy and the Kafka broker, one at a time, under the running service: while one is down, a valid callback
 * is refused with 503, {@code Retry-After} and a problem document instead of being accepted, and readiness says which check is
 * down; once it is back, callbacks are accepted again without a restart.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class DependencyGateTest {

    private static final Duration NOTICED = Duration.ofSeconds(20);
    private static final List<String> URLS = List.of("https://cdn.runflow.io/headshots/out_001.jpg");

    @Test
    void withTheBucketDownCallbacksAre503UntilItIsBack() {
        Callbacks.accept(UUID.randomUUID(), URLS);
        try {
            LocalStack.run("stop-s3");
            awaitRefused();
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'object-store' }.status", equalTo("DOWN"));
        } finally {
            LocalStack.run("start-s3");
        }
        awaitAccepted();
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void withPostgresDownCallbacksAre503UntilItIsBack() {
        Callbacks.accept(UUID.randomUUID(), URLS);
        try {
            LocalStack.run("stop-pg");
            awaitRefused();
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.status", hasItem("DOWN"));
        } finally {
            LocalStack.run("start-pg");
        }
        awaitAccepted();
        await().atMost(NOTICED).pollInterval(Duration.ofMillis(250))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void withKafkaDownCallbacksAre503UntilItIsBack() {
        Callbacks.accept(UUID.randomUUID(), URLS);
        try {
            LocalStack.run("stop-kafka");
            awaitRefused();
            await().atMost(NOTICED).pollInterval(Duration.ofMillis(250))
                    .until(() -> given().get("/q/health/ready").statusCode() == 503);
            given().get("/q/health/ready").then()
                    .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.status",
                            equalTo("DOWN"));
        } finally {
            LocalStack.run("start-kafka");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> post().statusCode() == 200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    /**
     * The shared-secret path needs no Postgres or bucket before publishing: with them down, only the gate refuses it; with the
     * broker down, the missing acknowledgement does ({@code ack-timeout}, 5 s).
     */
    private static void awaitRefused() {
        await().atMost(NOTICED).pollInterval(Duration.ofMillis(250))
                .until(() -> post().statusCode() == 503);
        post().then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "30")
                .body("type", equalTo("urn:headshots:problem:unavailable"));
    }

    private static void awaitAccepted() {
        await().atMost(NOTICED).pollInterval(Duration.ofMillis(250))
                .until(() -> post().statusCode() == 200);
    }

    private static io.restassured.response.Response post() {
        return given().contentType("application/json").header("X-Webhook-Secret", Callbacks.SECRET)
                .body(Callbacks.body(UUID.randomUUID(), URLS))
                .post(Callbacks.PATH);
    }
}
