package dev.headshots.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.SignedCallbacks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Every answer of {@code POST /webhooks/runflow/headshots} other than a stored callback, as a client sees it. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class CallbackEndpointTest {

    private static final String VALID = Callbacks.body(UUID.randomUUID(),
            List.of("https://cdn.runflow.io/headshots/out_001.jpg"));

    @Test
    void aMissingSecretIs401() {
        problem(given().contentType(ContentType.JSON).body(VALID).post(Callbacks.PATH).then(), 401, "unauthorized");
    }

    @Test
    void aWrongSecretIs401AndIsNotEchoed() {
        problem(given().contentType(ContentType.JSON).header("X-Webhook-Secret", "guess").body(VALID)
                .post(Callbacks.PATH).then(), 401, "unauthorized")
                .body(not(containsString("guess")));
    }

    @Test
    void everyConfiguredSecretIsAcceptedForRotation() {
        given().contentType(ContentType.JSON).header("X-Webhook-Secret", "test-secret-old").body(VALID)
                .post(Callbacks.PATH).then().statusCode(200).body("status", equalTo("accepted"));
    }

    @Test
    void aSignedCallbackIsAcceptedAndARepeatOfItsIdIsAnsweredButNotPublishedAgain() {
        String id = "msg_" + UUID.randomUUID();
        UUID job = UUID.randomUUID();
        String body = Callbacks.body(job, List.of("https://cdn.runflow.io/headshots/out_001.jpg"));

        SignedCallbacks.post(SignedCallbacks.NEW_SECRET, id, SignedCallbacks.now(), body).statusCode(200)
                .body("status", equalTo("accepted")).body("headshots_id", equalTo(job.toString()));
        SignedCallbacks.post(SignedCallbacks.OLD_SECRET, id, SignedCallbacks.now(), body).statusCode(200)
                .body("status", equalTo("duplicate"));
    }

    @Test
    void aStaleOrForgedSignatureIs401() {
        String body = Callbacks.body(UUID.randomUUID(), List.of("https://cdn.runflow.io/headshots/out_001.jpg"));
        problem(SignedCallbacks.post(SignedCallbacks.NEW_SECRET, "msg_stale", SignedCallbacks.now() - 600, body), 401,
                "unauthorized");
        problem(SignedCallbacks.post("msg_forged", Long.toString(SignedCallbacks.now()), "v1,"
                + "A".repeat(43) + "=", body), 401, "unauthorized");
    }

    @Test
    void aJsonBodyInAnotherCharsetIs415() {
        problem(given().contentType("application/json; charset=utf-16").header("X-Webhook-Secret", Callbacks.SECRET)
                .body(VALID).post(Callbacks.PATH).then(), 415, "unsupported-media-type");
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeTheBodyIsRead() {
        byte[] big = new byte[300 * 1024];
        problem(given().contentType(ContentType.JSON).header("X-Webhook-Secret", Callbacks.SECRET).body(big)
                .post(Callbacks.PATH).then(), 413, "payload-too-large");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() {
        byte[] big = new byte[300 * 1024];
        problem(given().contentType(ContentType.JSON).header("X-Webhook-Secret", Callbacks.SECRET)
                .body(new ByteArrayInputStream(big)).post(Callbacks.PATH).then(), 413, "payload-too-large");
    }

    @Test
    void aChunkedBodyOverTheHttpLayersCeilingIs413Too() {
        byte[] huge = new byte[2 * 1024 * 1024];
        problem(given().contentType(ContentType.JSON).header("X-Webhook-Secret", Callbacks.SECRET)
                .body(new ByteArrayInputStream(huge)).post(Callbacks.PATH).then(), 413, "payload-too-large");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        problem(given().contentType(ContentType.TEXT).header("X-Webhook-Secret", Callbacks.SECRET).body(VALID)
                .post(Callbacks.PATH).then(), 415, "unsupported-media-type");
    }

    @Test
    void malformedJsonIs400() {
        problem(Callbacks.post("{\"event\": \"headshots.completed\", "), 400, "malformed-json");
        problem(Callbacks.post("[1, 2]"), 400, "malformed-json");
        problem(Callbacks.post("{\"event\":\"a\",\"event\":\"b\"}"), 400, "malformed-json");
        problem(Callbacks.post("{\"event\":\"a\"} {}"), 400, "malformed-json");
        problem(Callbacks.post("[".repeat(100) + "]".repeat(100)), 400, "malformed-json");
    }

    @Test
    void invalidUtf8Is400() {
        byte[] body = "{\"event\":\"headshots.completed\",\"x\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        problem(given().contentType(ContentType.JSON).header("X-Webhook-Secret", Callbacks.SECRET).body(body)
                .post(Callbacks.PATH).then(), 400, "malformed-json");
    }

    @Test
    void aBodyThatBreaksTheSchemaIs422WithEveryViolation() {
        String body = """
                {"event": "headshots.completed", "headshots_id": "not-a-uuid",
                 "image_urls": ["https://cdn.runflow.io/a.jpg", "ftp://cdn.runflow.io/b.jpg", 7, "/relative.jpg"]}""";
        problem(Callbacks.post(body), 422, "validation-failed")
                .body("errors.field", hasItem("/headshots_id"))
                .body("errors.field", hasItem("/image_urls/1"))
                .body("errors.field", hasItem("/image_urls/2"))
                .body("errors.field", hasItem("/image_urls/3"))
                .body(not(containsString("ftp://")));
    }

    @Test
    void anEmptyOrOversizedUrlListIs422() {
        problem(Callbacks.post(Callbacks.body(UUID.randomUUID(), List.of())), 422, "validation-failed");
        List<String> tooMany = java.util.stream.IntStream.rangeClosed(1, 101)
                .mapToObj(i -> "https://cdn.runflow.io/" + i + ".jpg").toList();
        problem(Callbacks.post(Callbacks.body(UUID.randomUUID(), tooMany)), 422, "validation-failed");
        String longUrl = "https://cdn.runflow.io/" + "a".repeat(2100);
        problem(Callbacks.post(Callbacks.body(UUID.randomUUID(), List.of(longUrl))), 422, "validation-failed");
    }

    @Test
    void aMissingOrNonStringEventIs422() {
        problem(Callbacks.post("{\"headshots_id\":\"" + UUID.randomUUID() + "\"}"), 422, "validation-failed");
        problem(Callbacks.post("{\"event\": 5}"), 422, "validation-failed");
    }

    @Test
    void anotherEventIsAcknowledgedAndIgnored() {
        Callbacks.post("{\"event\": \"headshots.started\", \"headshots_id\": \"whatever\"}")
                .statusCode(200)
                .body("status", equalTo("ignored"))
                .body("headshots_id", nullValue());
    }

    @Test
    void anUnknownJobIs404Problem() {
        problem(Jobs.api().get("/v1/headshots/" + UUID.randomUUID()).then(), 404, "not-found");
        problem(Jobs.api().get("/v1/headshots/not-a-uuid").then(), 404, "not-found");
    }

    @Test
    void anUnknownPathAndAWrongMethodAreProblemsToo() {
        problem(given().get(Callbacks.PATH).then(), 405, "method-not-allowed");
        problem(given().get("/nowhere").then(), 404, "not-found");
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String kind) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", equalTo("urn:headshots:problem:" + kind))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")));
    }
}
