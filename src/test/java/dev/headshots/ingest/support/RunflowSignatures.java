package dev.headshots.ingest.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;

import dev.headshots.ingest.webhook.RunflowSignature;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/**
 * Sends callbacks signed the way Runflow signs them ({@code Runflow-Signature}), with the callback secrets of the test profile.
 * The signatures this makes are checked against Node's and OpenSSL's by {@code RunflowSignatureVectorsTest}.
 */
public final class RunflowSignatures {

    /** The previous Runflow callback secret of the test profile, still configured during the rotation. */
    public static final String OLD_SECRET = "whsec_b2xkLXJ1bmZsb3ctY2FsbGJhY2stc2VjcmV0LTIwMjY";
    /** The current Runflow callback secret of the test profile. */
    public static final String NEW_SECRET = "whsec_bmV3LXJ1bmZsb3ctY2FsbGJhY2stc2VjcmV0LTIwMjY";

    private RunflowSignatures() {
    }

    public static String sign(String secret, String body) {
        return RunflowSignature.sign(secret, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Posts {@code body} to the shared endpoint with this {@code Runflow-Signature} (null: none) and a request id. A 503 (the
     * service's dependency probe can close the intake for a moment on a loaded machine) is sent again after a second, as
     * Runflow retries it, for up to 20 s.
     */
    public static ValidatableResponse post(String signature, String body) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                .until(() -> send(signature, body), response -> response.statusCode() != 503).then();
    }

    private static Response send(String signature, String body) {
        var request = given().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8))
                .header("Runflow-Request-Id", "req_test_" + Long.toHexString(System.nanoTime()));
        if (signature != null) {
            request.header("Runflow-Signature", signature);
        }
        return request.when().post(Callbacks.PATH);
    }

    /** Posts {@code body} signed with the current secret. */
    public static ValidatableResponse post(String body) {
        return post(sign(NEW_SECRET, body), body);
    }
}
