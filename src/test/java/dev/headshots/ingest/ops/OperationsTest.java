package dev.headshots.ingest.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** What operators and API users rely on: health checks for each dependency, the metrics, the OpenAPI document. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class OperationsTest {

    @Test
    void readinessCoversPostgresKafkaAndTheBucket() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("object-store", "Reactive PostgreSQL connections health check",
                        "SmallRye Reactive Messaging - readiness check", "kafka-callback-topic"))
                .body("checks.find { it.name == 'kafka-callback-topic' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka-callback-topic' }.data.partitions", greaterThan(0));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theCopierAndCallbackMetricsAreExported() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("headshots_downloads_in_flight"))
                .body(containsString("headshots_downloads_queued"))
                .body(containsString("headshots_images_stored_total"))
                .body(containsString("headshots_bytes_copied_bytes"))
                .body(containsString("headshots_copy_duration_seconds"))
                .body(containsString("headshots_callbacks_duplicates_total"));
    }

    @Test
    void theOpenApiDocumentDescribesBothEndpointsAndTheirProblems() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/webhooks/runflow/headshots"))
                .body(containsString("/v1/headshots/{headshotsId}"))
                .body(containsString("application/problem+json"));
    }
}
