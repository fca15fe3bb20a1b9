package dev.headshots.ingest.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.SignedCallbacks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With no broker answering the producer, a valid callback is refused with 503 and {@code Retry-After} within the ack bound, so
 * that Runflow retries it later instead of believing it stored; a signed one leaves no claim on its {@code webhook-id}.
 */
@QuarkusTest
@TestProfile(BrokerDownTest.NoBroker.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class BrokerDownTest {

    @Test
    void aCallbackThatCannotReachTheBrokerIs503WithRetryAfter() {
        Callbacks.post(Callbacks.body(UUID.randomUUID(), List.of("https://cdn.runflow.io/headshots/out_001.jpg")))
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "7")
                .body("type", equalTo("urn:headshots:problem:unavailable"));
    }

    @Test
    void theInstanceIsNotReadyWhileItsProducerDoesNotKnowTheCallbackTopic() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'kafka-callback-topic' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'kafka-callback-topic' }.data.error", equalTo("TimeoutException"));
    }

    @Test
    void aSignedCallbackThatCouldNotBeStoredGivesItsIdBackSoThatItsRetryIsProcessed() {
        String id = "msg_" + UUID.randomUUID();
        SignedCallbacks.post(SignedCallbacks.NEW_SECRET, id, SignedCallbacks.now(),
                Callbacks.body(UUID.randomUUID(), List.of("https://cdn.runflow.io/headshots/out_001.jpg")))
                .statusCode(503)
                .header("Retry-After", "7");

        assertThat(Database.queryLong("SELECT count(*) FROM webhook_delivery WHERE webhook_id = ?", id)).isZero();
    }

    public static class NoBroker implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing.callbacks-out.bootstrap.servers", "127.0.0.1:9",
                    "headshots.webhook.ack-timeout", "1s",
                    "headshots.webhook.retry-after", "7s");
        }
    }
}
