package dev.headshots.ingest.webhook;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * With the default {@code headshots.webhook.bench-ceiling=false}, the benchmark's ceiling does not exist: 404, whatever is
 * sent.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class BenchCeilingOffTest {

    @Test
    void theCeilingIsNotServedUnlessSwitchedOn() {
        given().contentType(ContentType.JSON).header("X-Webhook-Secret", Callbacks.SECRET)
                .body(Callbacks.body(UUID.randomUUID(), List.of("https://cdn.runflow.io/a.jpg")))
                .when().post(BenchCeilingTest.PATH).then().statusCode(404).contentType("application/problem+json");
    }
}
