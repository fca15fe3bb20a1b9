package dev.headshots.ingest.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.HostileClient;
import dev.headshots.ingest.support.HostileClient.HostileResponse;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** Our own API under {@code /v1}: API keys, presigned download URLs and the keyset-paginated job list. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class JobApiTest {

    @InjectOrigin
    ImageOrigin origin;

    @Test
    void everythingUnderV1NeedsAValidApiKeyAndTheRestStaysOpen() throws Exception {
        unauthorized(given().get("/v1/headshots").then());
        unauthorized(given().header("X-Api-Key", "wrong").get("/v1/headshots/" + UUID.randomUUID()).then());
        unauthorized(given().header("X-Api-Key", "").get("/v1/headshots").then());
        unauthorized(given().post("/v1/headshots").then());
        for (String spelling : List.of("//v1/headshots", "/q/../v1/headshots", "/v1/./headshots/" + UUID.randomUUID(),
                "/v1;x/headshots")) {
            // over a raw socket, as sent: HTTP clients remove dot segments before sending
            HostileResponse answer = HostileClient.exchange(RestAssured.port, ("GET " + spelling + " HTTP/1.1\r\nHost: "
                    + "localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(10));
            assertThat(answer.status()).as(spelling).isEqualTo(400);
            assertThat(answer.bodyText()).as(spelling).contains("urn:headshots:problem:ambiguous-path");
        }
        given().header("X-Api-Key", "test-api-key-old").get("/v1/headshots").then().statusCode(200);
        Jobs.api().get("/v1/headshots").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void storedImagesCarryPresignedUrlsOfOurBucketThatDownloadTheSameBytes() throws Exception {
        UUID id = UUID.randomUUID();
        Callbacks.accept(id, origin.urls(id.toString(), 3));
        Jobs.awaitTerminal(id);
        Instant asked = Instant.now();
        JsonPath job = Jobs.get(id);

        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        Instant expires = Instant.parse(job.getString("urls_expire_at"));
        assertThat(expires).isBetween(asked.plus(Duration.ofMinutes(14)), asked.plus(Duration.ofMinutes(16)));
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            URI url = URI.create(job.getString("images[" + i + "].url"));
            assertThat(url.getPort()).as("served by our S3, not by the origin").isEqualTo(9090);
            assertThat(url.getQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=900");
            HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body())))
                    .isEqualTo(origin.sha256(i + 1));
        }
        assertThat(job.getString("$")).doesNotContain("127.0.0.1:" + origin.port());
    }

    @Test
    void jobsAreListedNewestFirstPageByPageWithoutSkipsOrRepeatsWhileNewJobsArrive() {
        List<UUID> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID id = UUID.randomUUID();
            Callbacks.accept(id, origin.urls(id.toString(), 1));
            mine.add(0, id);
        }
        mine.forEach(Jobs::awaitTerminal);

        JsonPath first = page("?limit=2");
        assertThat(first.getList("items.headshots_id")).containsExactly(mine.get(0).toString(), mine.get(1).toString());
        assertThat(first.getString("items[0].status_url")).isEqualTo("http://localhost:8081/v1/headshots/" + mine.get(0));

        UUID newer = UUID.randomUUID();
        Callbacks.accept(newer, origin.urls(newer.toString(), 1));
        Jobs.awaitTerminal(newer);

        JsonPath second = page("?limit=2&after=" + first.getString("next"));
        assertThat(second.getList("items.headshots_id")).containsExactly(mine.get(2).toString(), mine.get(3).toString());
        JsonPath third = page("?limit=1&after=" + second.getString("next"));
        assertThat(third.getList("items.headshots_id")).containsExactly(mine.get(4).toString());
        assertThat(page("?limit=1").getList("items.headshots_id")).containsExactly(newer.toString());
    }

    @Test
    void theListCanBeFilteredByStatusAndEndsWithoutANextCursor() {
        JsonPath completed = page("?status=COMPLETED&limit=100");
        assertThat(completed.getList("items.status")).isNotEmpty().containsOnly("COMPLETED");
        JsonPath none = page("?status=SUBMITTED&after=" + new PageCursor(Instant.EPOCH.plusSeconds(1),
                UUID.randomUUID()).encode());
        assertThat(none.getList("items")).isEmpty();
        assertThat(none.getString("next")).isNull();
    }

    @Test
    void badListParametersAre400Problems() {
        for (String query : List.of("?limit=0", "?limit=101", "?limit=abc", "?status=DONE", "?after=not-a-cursor",
                "?after=" + java.util.Base64.getUrlEncoder().encodeToString("1,nope".getBytes()))) {
            Jobs.api().get("/v1/headshots" + query).then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:headshots:problem:bad-request"));
        }
    }

    private static JsonPath page(String query) {
        return Jobs.api().get("/v1/headshots" + query).then().statusCode(200).extract().jsonPath();
    }

    private static void unauthorized(ValidatableResponse response) {
        response.statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "ApiKey header=\"X-Api-Key\"")
                .body("type", equalTo("urn:headshots:problem:unauthorized"))
                .body("detail", equalTo("Missing or invalid X-Api-Key."));
    }
}
