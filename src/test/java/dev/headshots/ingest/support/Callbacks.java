package dev.headshots.ingest.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Sends callbacks to the service under test the way Runflow does. */
public final class Callbacks {

    public static final String SECRET = "test-secret";
    public static final String PATH = "/webhooks/runflow/headshots";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Callbacks() {
    }

    public static String body(UUID id, List<String> urls) {
        try {
            return JSON.writeValueAsString(Map.of("event", "headshots.completed", "headshots_id", id.toString(),
                    "image_urls", urls));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).header("X-Webhook-Secret", SECRET).body(body)
                .when().post(PATH).then();
    }

    public static ValidatableResponse accept(UUID id, List<String> urls) {
        return post(body(id, urls)).statusCode(200);
    }
}
