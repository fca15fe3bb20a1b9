package dev.headshots.ingest.notify;

import static dev.headshots.ingest.notify.Notifications.awaitNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.NotifyReceiver;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import dev.headshots.ingest.support.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An erased job's notifications: once its erasure is asked for, a redelivery is refused with 409 (while {@code DELETING} and
 * once {@code DELETED}), and none of its outbox events keeps what identifies the person (its {@code client_reference_id},
 * {@code metadata}), so nothing sent after the erasure carries them either.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class ErasedJobNotificationTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Test
    void aJobBeingErasedOrErasedIsNeverRedeliveredAndItsEventsForgetThePerson() {
        try (NotifyReceiver receiver = NotifyReceiver.start()) {
            var tenant = Notifications.tenant("erased", receiver.url("/hooks"));
            String reference = "order-" + UUID.randomUUID();
            UUID job = Notifications.job(tenant.apiKey(), Map.of("client_reference_id", reference,
                    "metadata", "{\"person\":\"Ada Lovelace\"}"));
            awaitNotification(job, tenant.apiKey(), "DELIVERED", WITHIN);
            assertThat(payloadsOf(job)).anyMatch(payload -> payload.contains(reference) && payload.contains("Ada Lovelace"));

            Tenants.api(tenant.apiKey()).delete("/v1/headshots/" + job).then().statusCode(202);
            redeliver(tenant.apiKey(), job).then().statusCode(409).contentType("application/problem+json");
            int receivedBefore = receiver.received().size();

            await().atMost(WITHIN).until(() -> "DELETED".equals(Tenants.api(tenant.apiKey()).get("/v1/headshots/" + job)
                    .then().extract().path("status")));
            redeliver(tenant.apiKey(), job).then().statusCode(409).contentType("application/problem+json");

            assertThat(payloadsOf(job)).as("the job's outbox events").isNotEmpty()
                    .noneMatch(payload -> payload.contains(reference) || payload.contains("Ada Lovelace"));
            await().atMost(WITHIN).until(() -> receiver.received().size() > receivedBefore);
            assertThat(receiver.received().subList(receivedBefore, receiver.received().size()))
                    .as("what the handler got after the erasure").allMatch(received -> !received.body().contains(reference)
                            && received.body().contains("headshots.deleted"));
        }
    }

    private static io.restassured.response.Response redeliver(String apiKey, UUID job) {
        return Tenants.api(apiKey).post("/v1/headshots/" + job + "/notification/redeliver");
    }

    private static List<String> payloadsOf(UUID job) {
        return Database.queryTexts("SELECT payload FROM outbox_event WHERE record_key = ?", job.toString());
    }
}
