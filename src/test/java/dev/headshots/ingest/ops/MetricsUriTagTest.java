package dev.headshots.ingest.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.HostileClient;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A request refused before any resource matched it (by the path rule, a key filter, the console's guard, the callbacks' body
 * limit) is counted under its route family in {@code http_server_requests}, never under its path as sent: the path of a per-job
 * callback URL is a credential, and paths chosen by a caller would otherwise each become a time series of their own until
 * Micrometer's cap of URI tags is reached and real routes are no longer counted.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class MetricsUriTagTest {

    private static final Pattern URI_TAG = Pattern.compile("^http_server_requests_seconds_count\\{.*uri=\"([^\"]*)\"",
            Pattern.MULTILINE);

    @Test
    void refusedRequestsAreCountedByRouteFamilyNotByTheirPath() throws Exception {
        String token = "tok" + UUID.randomUUID().toString().replace("-", "");
        String job = UUID.randomUUID().toString();
        byte[] oversized = new byte[300 * 1024];
        java.util.Arrays.fill(oversized, (byte) 'a');
        given().contentType("application/json").body(oversized).post("/webhooks/runflow/headshots/" + token).then()
                .statusCode(413);
        given().get("/v1/headshots/" + job).then().statusCode(401);
        given().header("X-Admin-Key", "wrong").get("/admin/v1/tenants/" + job).then().statusCode(401);
        given().redirects().follow(false).get("/console/jobs/" + job).then().statusCode(303);
        raw("GET /admin;" + job + "/v1/tenants HTTP/1.1");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> uris = URI_TAG.matcher(metrics).results().map(m -> m.group(1)).distinct().toList();
        assertThat(uris).as("uri tags of http_server_requests").isNotEmpty();
        assertThat(String.join("\n", uris)).as("no uri tag holds a path as it was sent").doesNotContain(token)
                .doesNotContain(job).doesNotContain(";");
    }

    private static void raw(String requestLine) throws Exception {
        String request = requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        int status = HostileClient.exchange(RestAssured.port, request.getBytes(StandardCharsets.ISO_8859_1),
                Duration.ofSeconds(10)).status();
        assertThat(status).isBetween(400, 499);
    }
}
