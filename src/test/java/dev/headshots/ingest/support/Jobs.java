package dev.headshots.ingest.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Reads jobs through the public status API, and waits for them to settle. */
public final class Jobs {

    /** A key of {@code %test.headshots.api.keys}. */
    public static final String API_KEY = "test-api-key";
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "PARTIAL", "FAILED", "CANCELLED");

    private Jobs() {
    }

    /** A request to our own API, with a valid {@code X-Api-Key}. */
    public static RequestSpecification api() {
        return given().header("X-Api-Key", API_KEY);
    }

    public static JsonPath get(UUID id) {
        return api().when().get("/v1/headshots/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the job exists and is in a terminal status, and returns it. */
    public static JsonPath awaitTerminal(UUID id) {
        return awaitTerminal(id, API_KEY);
    }

    /** Waits until the job, read with {@code apiKey} (its tenant's), exists and is in a terminal status, and returns it. */
    public static JsonPath awaitTerminal(UUID id, String apiKey) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> TERMINAL.contains(String.valueOf(statusOrNull(id, apiKey))));
        return given().header("X-Api-Key", apiKey).when().get("/v1/headshots/" + id).then().statusCode(200).extract()
                .jsonPath();
    }

    /** Waits until the job exists and has {@code status}, and returns it. */
    public static JsonPath awaitStatus(UUID id, String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(String.valueOf(statusOrNull(id, API_KEY))));
        return get(id);
    }

    /** Waits until {@code count} callback records of the job have been processed (duplicates included). */
    public static void awaitDeliveries(UUID id, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(id).getInt("deliveries") == count);
    }

    private static String statusOrNull(UUID id, String apiKey) {
        var response = given().header("X-Api-Key", apiKey).when().get("/v1/headshots/" + id);
        return response.statusCode() == 200 ? response.jsonPath().getString("status") : null;
    }

    /**
     * How many times image {@code index} (1-based) of {@code job} was attempted, as the API reports it: how many times the
     * image origin should have served it. A copy streams, keeping nothing between attempts, so an attempt whose upload failed
     * (a real S3 server can drop a connection under load) fetches the image again; any fetch beyond that is a copy made outside
     * a claim.
     */
    public static int attempts(JsonPath job, int index) {
        assertThat(job.getInt("images[" + (index - 1) + "].index")).isEqualTo(index);
        return job.getInt("images[" + (index - 1) + "].attempts");
    }
}
