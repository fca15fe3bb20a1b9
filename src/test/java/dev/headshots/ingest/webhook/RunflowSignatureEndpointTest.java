package dev.headshots.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Metrics;
import dev.headshots.ingest.support.RunflowSignatures;
import dev.headshots.ingest.support.SignedCallbacks;
import dev.headshots.ingest.webhook.RunflowSignatureVectorsTest.Vector;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * {@code Runflow-Signature} over HTTP, on the shared endpoint of the test profile (which accepts the old and the new secret of
 * the vectors): every vector made with Node's crypto and OpenSSL is accepted or refused (401) as it must be, with nothing else
 * to authenticate it; a missing signature is refused; a malformed {@code Runflow-Request-Id} is a 400.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class RunflowSignatureEndpointTest {

    private static final String UNAUTHORIZED = "headshots_callbacks_total{outcome=\"unauthorized\"}";
    /**
     * When the vectors' bodies were made (2026-05-06T10:05Z): their completed_at is that day, and older run callbacks are
     * refused.
     */
    private static final long VECTORS_MADE = 1778061900L;

    @BeforeEach
    void stopTheClockWhenTheVectorsWereMade() {
        QuarkusMock.installMockForType(SignedCallbacks.clockAt(VECTORS_MADE), SignatureClock.class);
    }

    @ParameterizedTest
    @MethodSource("dev.headshots.ingest.webhook.RunflowSignatureVectorsTest#vectors")
    void eachVectorIsAcceptedOrRefusedOverHttp(Vector vector) throws IOException {
        String body = new String(RunflowSignatureVectorsTest.body(vector.body()), StandardCharsets.UTF_8);
        double refusedBefore = Metrics.value(UNAUTHORIZED);
        var answer = RunflowSignatures.post(vector.signature(), body);

        if (vector.expect().equals("valid")) {
            answer.statusCode(200).body("status", equalTo("accepted"));
        } else {
            answer.statusCode(401).contentType("application/problem+json")
                    .body("detail", equalTo("Missing or invalid webhook credentials."));
            assertThat(answer.extract().asString()).doesNotContain(vector.signature().isEmpty()
                    ? "\u0000"
                    : vector.signature());
            assertThat(Metrics.value(UNAUTHORIZED)).isEqualTo(refusedBefore + 1);
        }
    }

    @Test
    void aCallbackWithoutAnySignatureIsRefused() throws IOException {
        String body = new String(RunflowSignatureVectorsTest.body("run-completed.json"), StandardCharsets.UTF_8);
        RunflowSignatures.post(null, body).statusCode(401);
    }

    @Test
    void aMalformedRunflowRequestIdIsABadRequest() throws IOException {
        String body = new String(RunflowSignatureVectorsTest.body("run-completed.json"), StandardCharsets.UTF_8);
        String signature = RunflowSignatures.sign(RunflowSignatures.NEW_SECRET, body);
        for (String requestId : new String[]{"has space", "quote\"d", "back\\slash", "x".repeat(129), "caf\u00e9"}) {
            given().contentType(ContentType.JSON).header("Runflow-Signature", signature)
                    .header("Runflow-Request-Id", requestId).body(body.getBytes(StandardCharsets.UTF_8))
                    .when().post(Callbacks.PATH).then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("urn:headshots:problem:bad-request"));
        }
    }
}
