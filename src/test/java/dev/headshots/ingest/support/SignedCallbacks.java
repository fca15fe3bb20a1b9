package dev.headshots.ingest.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.headshots.ingest.security.SigningSecret;
import dev.headshots.ingest.security.WebhookSignature;
import dev.headshots.ingest.webhook.SignatureClock;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Sends callbacks signed the Standard Webhooks way, with the signing secrets of the test profile. */
public final class SignedCallbacks {

    /** The current signing secret of the test profile (also the reference vectors' secret). */
    public static final String NEW_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    /** The previous signing secret, still configured during the rotation. */
    public static final String OLD_SECRET = "whsec_dGhlIG9sZCB0ZXN0IHNpZ25pbmcgc2VjcmV0IQ==";

    private SignedCallbacks() {
    }

    /** Posts {@code body} with a signature by {@code secret} over this id and timestamp. */
    public static ValidatableResponse post(String secret, String id, long timestamp, String body) {
        return post(id, Long.toString(timestamp), signature(secret, id, timestamp, body), body);
    }

    /** Posts {@code body} with these three header values as they are (null: header left out). */
    public static ValidatableResponse post(String id, String timestamp, String signature, String body) {
        var request = given().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8));
        if (id != null) {
            request.header("webhook-id", id);
        }
        if (timestamp != null) {
            request.header("webhook-timestamp", timestamp);
        }
        if (signature != null) {
            request.header("webhook-signature", signature);
        }
        return request.when().post(Callbacks.PATH).then();
    }

    public static String signature(String secret, String id, long timestamp, String body) {
        return WebhookSignature.sign(SigningSecret.parse(secret).key(), id, timestamp, body.getBytes(StandardCharsets.UTF_8));
    }

    public static long now() {
        return Instant.now().getEpochSecond();
    }

    /** A signature clock stopped at {@code epochSecond}, to install with {@code QuarkusMock}. */
    public static SignatureClock clockAt(long epochSecond) {
        return new SignatureClock() {

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(epochSecond);
            }
        };
    }
}
