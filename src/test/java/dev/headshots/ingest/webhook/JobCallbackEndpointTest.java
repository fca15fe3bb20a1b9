package dev.headshots.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.runflow.CallbackTokens;
import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.InjectSimulator;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Photos;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Every answer of the per-job callback URL {@code POST /webhooks/runflow/headshots/{token}}. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class JobCallbackEndpointTest {

    private static final List<String> URLS = List.of("http://localhost:1/never-fetched.jpg");

    @InjectSimulator
    RunflowSimulator runflow;

    @Test
    void itsOwnJobsCallbackIsAcceptedWithoutTheSharedHeader() {
        Submitted job = submit();
        Jobs.awaitTerminal(job.id());
        post(job.path(), Callbacks.body(job.id(), runflow.job(job.id()).imageUrls())).statusCode(200)
                .body("status", equalTo("accepted"))
                .body("headshots_id", equalTo(job.id().toString()));
        Jobs.awaitDeliveries(job.id(), 2);
    }

    @Test
    void aCallbackForAnotherJobIs403() {
        Submitted job = submit();
        problem(post(job.path(), Callbacks.body(UUID.randomUUID(), URLS)), 403, "forbidden")
                .body("detail", equalTo("This callback URL is not for that job."));
        Jobs.awaitTerminal(job.id());
    }

    @Test
    void anUnknownOrMalformedTokenIs404AndSaysNothingMore() {
        String body = Callbacks.body(UUID.randomUUID(), URLS);
        for (String token : List.of("A".repeat(43), "short", "A".repeat(44), "AAAA.AAAA", "x".repeat(300))) {
            problem(post(Callbacks.PATH + "/" + token, body), 404, "not-found")
                    .body("detail", equalTo("No such callback URL."));
        }
    }

    @Test
    void aTokenWhoseSubmissionRunflowHasNotAnsweredYetIs503WithRetryAfter() {
        String token = "P".repeat(43);
        Database.execute("INSERT INTO pending_submission (token_sha256) VALUES (?) ON CONFLICT DO NOTHING",
                CallbackTokens.digest(token));
        try {
            problem(post(Callbacks.PATH + "/" + token, Callbacks.body(UUID.randomUUID(), URLS)), 503, "unavailable")
                    .header("Retry-After", "30");
        } finally {
            Database.execute("DELETE FROM pending_submission WHERE token_sha256 = ?", CallbackTokens.digest(token));
        }
    }

    @Test
    void aValidTokenStillNeedsAValidBody() {
        Submitted job = submit();
        problem(given().contentType(ContentType.TEXT).body("hello").post(job.path()).then(), 415,
                "unsupported-media-type");
        problem(post(job.path(), "{\"event\":"), 400, "malformed-json");
        problem(post(job.path(), "{\"event\":\"headshots.completed\",\"headshots_id\":\"" + job.id()
                + "\",\"image_urls\":[]}"), 422, "validation-failed");
        problem(post(job.path(), "{\"pad\":\"" + "x".repeat(300_000) + "\"}"), 413, "payload-too-large");
        post(job.path(), "{\"event\":\"headshots.progress\",\"headshots_id\":\"" + job.id() + "\"}").statusCode(200)
                .body("status", equalTo("ignored"));
        Jobs.awaitTerminal(job.id());
    }

    private Submitted submit() {
        String id = Jobs.api().multiPart("images", "me.jpg", Photos.jpeg(5), "image/jpeg")
                .post("/v1/headshots").then().statusCode(202).extract().path("headshots_id");
        UUID headshotsId = UUID.fromString(id);
        String url = runflow.job(headshotsId).callbackUrl().toString();
        return new Submitted(headshotsId, url.substring(url.indexOf("/webhooks/")));
    }

    private static ValidatableResponse post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String kind) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:headshots:problem:" + kind));
    }

    private record Submitted(UUID id, String path) {
    }
}
