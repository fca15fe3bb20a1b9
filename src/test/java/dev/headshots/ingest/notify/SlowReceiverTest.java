package dev.headshots.ingest.notify;

import static dev.headshots.ingest.notify.Notifications.awaitNotification;
import static dev.headshots.ingest.notify.Notifications.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.egress.HostResolver;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.NotifyReceiver;
import dev.headshots.ingest.support.ResolverScript;
import dev.headshots.ingest.support.RunflowSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A customer whose handler never answers: each attempt ends at the 10 s request timeout, no more than
 * {@code per-host-concurrency} (4) of its deliveries are in flight at once, and another tenant's deliveries, to another host,
 * go out meanwhile, while the slow one's are still held.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RunflowSimulatorResource.class, restrictToAnnotatedClass = false)
class SlowReceiverTest {

    @Test
    void theTimeoutHoldsAndOtherTenantsAreNotDelayed() {
        QuarkusMock.installMockForType(new ResolverScript().answer("slow.localtest", "127.0.0.1"), HostResolver.class);
        try (NotifyReceiver slow = NotifyReceiver.start().holdAnswers(); NotifyReceiver fast = NotifyReceiver.start()) {
            var stuck = Notifications.tenant("slow", "http://slow.localtest:" + slow.port() + "/hook");
            var quick = Notifications.tenant("fast", fast.url("/hook"));
            List<UUID> stuckJobs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                stuckJobs.add(job(stuck.apiKey()));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> slow.arrivals() >= 4);
            Instant firstArrival = Instant.now();
            List<UUID> quickJobs = List.of(job(quick.apiKey()), job(quick.apiKey()), job(quick.apiKey()));

            quickJobs.forEach(job -> awaitNotification(job, quick.apiKey(), "DELIVERED", Duration.ofSeconds(60)));
            assertThat(stuckJobs).as("delivered to the other tenant before any slow attempt timed out")
                    .allMatch(job -> Notifications.notification(job, stuck.apiKey()).getString("last_error") == null);
            assertThat(slow.arrivals()).as("in flight to the slow host at once: per-host-concurrency").isEqualTo(4);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> stuckJobs.stream()
                    .anyMatch(job -> Notifications.notification(job, stuck.apiKey()).getString("last_error") != null));
            Duration gaveUp = Duration.between(firstArrival, Instant.now());
            JsonPath timedOut = stuckJobs.stream().map(job -> Notifications.notification(job, stuck.apiKey()))
                    .filter(notification -> notification.getString("last_error") != null).findFirst().orElseThrow();
            assertThat(timedOut.getString("last_error")).isEqualTo("no answer within 10 s");
            assertThat(timedOut.getString("last_status_code")).isNull();
            assertThat(timedOut.getString("status")).isIn("PENDING", "SENDING");
            assertThat(gaveUp).as("the first attempts ended at the 10 s timeout, not before")
                    .isBetween(Duration.ofSeconds(8), Duration.ofSeconds(16));
            slow.release();
        }
    }
}
