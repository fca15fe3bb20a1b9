package dev.headshots.ingest.notify;

import static dev.headshots.ingest.notify.Notifications.awaitNotification;
import static dev.headshots.ingest.notify.Notifications.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.outbox.StoredEvent;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.Metrics;
import dev.headshots.ingest.support.NotifyReceiver;
import dev.headshots.ingest.support.NotifyReceiver.Received;
import dev.headshots.ingest.support.ReferenceVerifier;
import dev.headshots.ingest.support.ReferenceVerifier.Delivery;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import dev.headshots.ingest.support.Tenants;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Notifications end to end, through the Runflow simulator and a receiver on loopback: the signature as the Standard Webhooks
 * reference implementation checks it (also across a rotation, and refused once tampered), the CloudEvent's bytes, retries until
 * a 2xx with one {@code webhook-id}, a receiver down for 60 s, a 410 that disables the tenant's endpoint, the list of failed
 * deliveries and a redelivery.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class NotificationDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(60);
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void theReferenceLibraryVerifiesEveryDeliveryAcrossARotationAndRefusesTamperedOnes() throws Exception {
        try (NotifyReceiver receiver = NotifyReceiver.start()) {
            var tenant = Notifications.tenant("sig", receiver.url("/hooks"));
            UUID first = job(tenant.apiKey());
            JsonPath delivered = awaitNotification(first, tenant.apiKey(), "DELIVERED", DELIVERED_WITHIN);
            Received one = receiver.receivedFor(delivered.getString("webhook_id")).get(0);

            assertThat(one.contentType()).isEqualTo("application/cloudevents+json");
            assertThat(one.id()).isEqualTo(eventId(first));
            assertThat(one.body()).as("the outbox's bytes, which the Kafka record carries too").isEqualTo(Database.queryText(
                    "SELECT payload FROM outbox_event WHERE id = ?::uuid", one.id()));
            assertThat(JSON.readTree(one.body()).get("type").asText()).isEqualTo("headshots.stored");
            assertThat(JSON.readTree(one.body()).get("tenantid").asText()).isEqualTo(tenant.id());
            assertThat(one.signature()).matches("v1,[A-Za-z0-9+/=]{44}");

            String rotated = Notifications.createSecret(tenant.id()).getString("secret");
            UUID second = job(tenant.apiKey());
            Received two = receiver.receivedFor(awaitNotification(second, tenant.apiKey(), "DELIVERED", DELIVERED_WITHIN)
                    .getString("webhook_id")).get(0);
            assertThat(two.signature().split(" ")).as("old and new sign side by side").hasSize(2)
                    .allMatch(entry -> entry.startsWith("v1,"));

            String ended = Tenants.admin().get("/admin/v1/tenants/" + tenant.id() + "/signing-secrets").then().statusCode(200)
                    .extract().jsonPath().getString("items[0].secret_id");
            Tenants.admin().delete("/admin/v1/tenants/" + tenant.id() + "/signing-secrets/" + ended).then().statusCode(204);
            UUID third = job(tenant.apiKey());
            Received three = receiver.receivedFor(awaitNotification(third, tenant.apiKey(), "DELIVERED", DELIVERED_WITHIN)
                    .getString("webhook_id")).get(0);
            assertThat(three.signature().split(" ")).as("the ended secret no longer signs").hasSize(1);

            List<String> verdicts = ReferenceVerifier.verdicts(List.of(
                    delivery(tenant.secret(), one),
                    delivery(tenant.secret(), two),
                    delivery(rotated, two),
                    delivery(rotated, three),
                    delivery(tenant.secret(), three),
                    new Delivery(tenant.secret(), one.id(), one.timestamp(), one.signature(),
                            one.body().replace("\"COMPLETED\"", "\"FAILED\"")),
                    new Delivery(rotated, two.id() + "x", two.timestamp(), two.signature(), two.body()),
                    new Delivery(rotated, two.id(), String.valueOf(Long.parseLong(two.timestamp()) + 1), two.signature(),
                            two.body())));
            assertThat(verdicts).containsExactly("valid", "valid", "valid", "valid", "No matching signature found",
                    "No matching signature found", "No matching signature found", "No matching signature found");
        }
    }

    @Test
    void aReceiverAnswering500TwiceThen200GetsOneDeliveryInThreeAttemptsWithOneId() {
        try (NotifyReceiver receiver = NotifyReceiver.start().answer(500, 500, 200)) {
            var tenant = Notifications.tenant("retry", receiver.url("/"));
            UUID job = job(tenant.apiKey());
            JsonPath notification = awaitNotification(job, tenant.apiKey(), "DELIVERED", DELIVERED_WITHIN);

            assertThat(notification.getInt("attempts")).isEqualTo(3);
            assertThat(notification.getInt("last_status_code")).isEqualTo(200);
            assertThat(notification.getString("last_error")).isNull();
            assertThat(notification.getString("delivered_at")).isNotNull();
            assertThat(receiver.received()).hasSize(3).extracting(Received::id).containsOnly(eventId(job));
            assertThat(receiver.received()).extracting(Received::status).containsExactly(500, 500, 200);
        }
    }

    @Test
    void aReceiverDownFor60SecondsGetsEveryNotificationOnceItIsBack() {
        try (NotifyReceiver receiver = NotifyReceiver.start()) {
            var tenant = Notifications.tenant("down", receiver.url("/events"));
            receiver.down();
            Instant wentDown = Instant.now();
            List<UUID> jobs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                jobs.add(job(tenant.apiKey()));
            }
            // Down for the 60 s, and meanwhile every delivery tried again.
            await().atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> !Instant.now().isBefore(
                    wentDown.plus(OUTAGE)) && jobs.stream().allMatch(
                            job -> Notifications.notification(job, tenant.apiKey())
                                    .get("attempts") instanceof Integer attempts && attempts > 1));
            for (UUID job : jobs) {
                JsonPath waiting = Notifications.notification(job, tenant.apiKey());
                assertThat(waiting.getString("status")).isIn("PENDING", "SENDING");
                assertThat(waiting.getInt("attempts")).as("retried while down").isGreaterThan(1);
                assertThat(waiting.getString("last_error")).startsWith("connection failed");
            }
            receiver.up();

            jobs.forEach(job -> awaitNotification(job, tenant.apiKey(), "DELIVERED", DELIVERED_WITHIN));
            Set<String> events = jobs.stream().map(NotificationDeliveryTest::eventId).collect(Collectors.toSet());
            assertThat(receiver.received().stream().map(Received::id).collect(Collectors.toSet()))
                    .as("every job's event arrived, and nothing else").isEqualTo(events);
            assertThat(Database.queryLong("SELECT count(*) FROM notification WHERE tenant_id = ? AND status = 'DELIVERED'",
                    tenant.id())).isEqualTo(jobs.size());
        }
    }

    @Test
    void a410DisablesTheTenantsEndpointUntilItsUrlIsSetAgain() {
        try (NotifyReceiver receiver = NotifyReceiver.start().answer(410)) {
            var tenant = Notifications.tenant("gone", receiver.url("/gone"));
            double disabledBefore = Metrics.counter("headshots_notifications_total", "outcome", "endpoint_disabled");
            UUID first = job(tenant.apiKey());
            JsonPath failed = awaitNotification(first, tenant.apiKey(), "FAILED", DELIVERED_WITHIN);
            assertThat(failed.getInt("last_status_code")).isEqualTo(410);
            assertThat(failed.getInt("attempts")).isEqualTo(1);
            assertThat(Tenants.admin().get("/admin/v1/tenants/" + tenant.id()).then().statusCode(200).extract().jsonPath()
                    .getString("notify_disabled_at")).isNotNull();
            assertThat(Metrics.counter("headshots_notifications_total", "outcome", "endpoint_disabled"))
                    .isEqualTo(disabledBefore + 1);

            UUID second = job(tenant.apiKey());
            assertThat(awaitNotification(second, tenant.apiKey(), "FAILED", DELIVERED_WITHIN).getString("last_error"))
                    .contains("disabled");
            assertThat(receiver.received()).as("nothing sent to a disabled endpoint").hasSize(1);
            Tenants.api(tenant.apiKey()).post("/v1/headshots/" + second + "/notification/redeliver").then().statusCode(409);

            var page = Tenants.api(tenant.apiKey()).get("/v1/notifications?status=FAILED&limit=1").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(page.getList("items.headshots_id")).containsExactly(second.toString());
            var next = Tenants.api(tenant.apiKey()).get("/v1/notifications?status=FAILED&limit=1&after=" + page.getString(
                    "next")).then().statusCode(200).extract().jsonPath();
            assertThat(next.getList("items.headshots_id")).containsExactly(first.toString());
            assertThat(next.getString("next")).isNull();
            Tenants.api(Notifications.tenant("other", null).apiKey())
                    .get("/v1/notifications?after=" + page.getString("next")).then().statusCode(400);

            receiver.answer(200);
            Notifications.patchNotifyUrl(tenant.id(), receiver.url("/gone"));
            JsonPath again = Tenants.api(tenant.apiKey()).post("/v1/headshots/" + first + "/notification/redeliver").then()
                    .statusCode(202).extract().jsonPath();
            assertThat(again.getString("webhook_id")).isEqualTo(eventId(first));
            assertThat(awaitNotification(first, tenant.apiKey(), "DELIVERED", DELIVERED_WITHIN).getInt("redeliveries"))
                    .isEqualTo(1);
            assertThat(receiver.receivedFor(eventId(first))).as("the same webhook-id again").hasSize(2);
            Tenants.api(tenant.apiKey()).post("/v1/headshots/" + UUID.randomUUID() + "/notification/redeliver").then()
                    .statusCode(404);
        }
    }

    @Test
    void aSubmissionsOwnNotifyUrlWinsAndBadOnesAre422() {
        try (NotifyReceiver tenants = NotifyReceiver.start(); NotifyReceiver own = NotifyReceiver.start()) {
            var tenant = Notifications.tenant("own", tenants.url("/tenant"));
            UUID job = job(tenant.apiKey(), Map.of("notify_url", own.url("/job-42")));
            awaitNotification(job, tenant.apiKey(), "DELIVERED", DELIVERED_WITHIN);
            assertThat(own.received()).extracting(Received::id).containsExactly(eventId(job));
            assertThat(tenants.received()).isEmpty();

            for (String bad : List.of("ftp://localhost/x", "http://user@localhost/x", "http://127.0.0.1/x", "not a url",
                    "http://[::1]/x", "http://169.254.169.254/latest")) {
                Notifications.submit(tenant.apiKey(), Map.of("notify_url", bad)).then().statusCode(422)
                        .contentType("application/problem+json");
                Tenants.admin().contentType("application/json").body(Map.of("notify_url", bad))
                        .patch("/admin/v1/tenants/" + tenant.id()).then().statusCode(422);
            }
        }
    }

    private static Delivery delivery(String secret, Received received) {
        return new Delivery(secret, received.id(), received.timestamp(), received.signature(), received.body());
    }

    /** The id of the job's first event: a name-based UUID of the type and the job. */
    static String eventId(UUID job) {
        return StoredEvent.idOf(job).toString();
    }
}
