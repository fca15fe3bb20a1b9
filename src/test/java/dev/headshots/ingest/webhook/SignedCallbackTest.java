package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.security.WebhookSignatureVectorsTest.Vector;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.KafkaTopics;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Metrics;
import dev.headshots.ingest.support.SignedCallbacks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Standard Webhooks signatures on {@code POST /webhooks/runflow/headshots}, end to end: the reference implementation's vectors
 * replayed over HTTP, and a repeated {@code webhook-id} answered 200 but published to Kafka only once, also when the repeats
 * arrive together, with the ids kept in Postgres.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class SignedCallbackTest {

    private static final String DUPLICATES = "headshots_callbacks_total{outcome=\"duplicate\"}";
    private static final String UNAUTHORIZED = "headshots_callbacks_total{outcome=\"unauthorized\"}";

    /**
     * Every vector that {@code generate-vectors.mjs} made with the reference implementation, at its own instant: what the
     * reference accepts passes authentication (the body is then judged as usual), what it refuses is a 401.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.headshots.ingest.security.WebhookSignatureVectorsTest#vectors")
    void theReferenceImplementationsVectorsAgreeOverHttp(Vector vector) {
        QuarkusMock.installMockForType(SignedCallbacks.clockAt(vector.now()), SignatureClock.class);
        String id = vector.id().isEmpty() ? null : vector.id();
        var answer = SignedCallbacks.post(id, vector.timestamp(), vector.signature(), vector.body());

        if (vector.reference().equals("valid")) {
            int status = answer.extract().statusCode();
            assertThat(status).as(vector.name()).isNotEqualTo(401).isLessThan(500);
        } else {
            answer.statusCode(401).contentType("application/problem+json")
                    .body(not(containsString(vector.signature().isEmpty() ? "\u0000" : vector.signature())));
        }
    }

    @Test
    void aRepeatedIdIsAnsweredButPublishedOnce() {
        UUID job = UUID.randomUUID();
        String id = "msg_" + UUID.randomUUID();
        String body = Callbacks.body(job, List.of("http://localhost:1/signed/001.jpg"));
        long now = SignedCallbacks.now();
        double duplicates = Metrics.value(DUPLICATES);

        SignedCallbacks.post(SignedCallbacks.NEW_SECRET, id, now, body).statusCode(200)
                .body("status", equalTo("accepted")).body("headshots_id", equalTo(job.toString()));
        SignedCallbacks.post(SignedCallbacks.OLD_SECRET, id, now + 30, body).statusCode(200)
                .body("status", equalTo("duplicate")).body("headshots_id", equalTo(job.toString()));

        assertThat(KafkaTopics.readAll(Topics.CALLBACKS, job.toString())).hasSize(1);
        assertThat(Metrics.value(DUPLICATES)).isEqualTo(duplicates + 1);
        assertThat(Database.queryLong(
                "SELECT count(*) FROM webhook_delivery WHERE webhook_id = ? AND published_at IS NOT NULL", id)).isOne();
    }

    @Test
    void repeatsArrivingTogetherArePublishedOnce() throws Exception {
        UUID job = UUID.randomUUID();
        String id = "msg_" + UUID.randomUUID();
        String body = Callbacks.body(job, List.of("http://localhost:1/signed/001.jpg"));
        long now = SignedCallbacks.now();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> SignedCallbacks
                        .post(SignedCallbacks.NEW_SECRET, id, now, body).extract().statusCode(), senders));
            }
            List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();

            assertThat(statuses).as("200 for the first and for repeats after it, 503 while it is in flight")
                    .allMatch(status -> status == 200 || status == 503).contains(200);
        } finally {
            senders.shutdownNow();
        }
        assertThat(KafkaTopics.readAll(Topics.CALLBACKS, job.toString())).hasSize(1);
    }

    @Test
    void aDeliveryInProgressIs503AndAnAbandonedOneIsTakenOver() {
        UUID job = UUID.randomUUID();
        String id = "msg_" + UUID.randomUUID();
        String body = Callbacks.body(job, List.of("http://localhost:1/signed/001.jpg"));
        Database.execute("INSERT INTO webhook_delivery (webhook_id, received_at) VALUES (?, now())", id);

        SignedCallbacks.post(SignedCallbacks.NEW_SECRET, id, SignedCallbacks.now(), body).statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "30");
        assertThat(KafkaTopics.readAll(Topics.CALLBACKS, job.toString())).isEmpty();

        Database.execute("UPDATE webhook_delivery SET received_at = now() - interval '1 minute' WHERE webhook_id = ?", id);
        SignedCallbacks.post(SignedCallbacks.NEW_SECRET, id, SignedCallbacks.now(), body).statusCode(200)
                .body("status", equalTo("accepted"));
        assertThat(KafkaTopics.readAll(Topics.CALLBACKS, job.toString())).hasSize(1);
    }

    @Test
    void idsOlderThanTwiceTheToleranceArePruned() {
        String old = "msg_old_" + UUID.randomUUID();
        String recent = "msg_recent_" + UUID.randomUUID();
        Database.execute(
                "INSERT INTO webhook_delivery VALUES (?, now() - interval '11 minutes', now() - interval '11 minutes')",
                old);
        Database.execute("INSERT INTO webhook_delivery VALUES (?, now() - interval '9 minutes', now() - interval '9 minutes')",
                recent);

        SignedCallbacks.post(SignedCallbacks.NEW_SECRET, "msg_" + UUID.randomUUID(), SignedCallbacks.now(),
                Callbacks.body(UUID.randomUUID(), List.of("http://localhost:1/signed/001.jpg"))).statusCode(200);

        assertThat(Database.queryLong("SELECT count(*) FROM webhook_delivery WHERE webhook_id = ?", old)).isZero();
        assertThat(Database.queryLong("SELECT count(*) FROM webhook_delivery WHERE webhook_id = ?", recent)).isOne();
    }

    @Test
    void aRefusedSignatureIs401CountedAndNothingIsEchoed() {
        String body = Callbacks.body(UUID.randomUUID(), List.of("http://localhost:1/signed/001.jpg"));
        String forged = SignedCallbacks.signature("whsec_dGhlIHByZXZpb3VzIHNpZ25pbmcgc2VjcmV0IQ==", "msg_forged",
                SignedCallbacks.now(), body);
        double refused = Metrics.value(UNAUTHORIZED);

        SignedCallbacks.post("msg_forged", Long.toString(SignedCallbacks.now()), forged, body).statusCode(401)
                .contentType("application/problem+json")
                .body("detail", equalTo("Missing or invalid webhook credentials."))
                .body(not(containsString(forged.substring(3))))
                .body(not(containsString("msg_forged")));

        assertThat(Metrics.value(UNAUTHORIZED)).isEqualTo(refused + 1);
    }

    @Test
    void theSharedSecretStillWorksNextToSignatures() {
        Callbacks.accept(UUID.randomUUID(), List.of("http://localhost:1/signed/001.jpg")).body("status", equalTo("accepted"));
    }
}
