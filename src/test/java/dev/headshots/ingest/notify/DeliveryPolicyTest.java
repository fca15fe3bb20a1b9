package dev.headshots.ingest.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.notify.DeliveryPolicy.Decision;
import dev.headshots.ingest.notify.DeliveryPolicy.Status;
import dev.headshots.ingest.retry.Backoff;

/** What a delivery becomes after each kind of attempt, with the backoff's jitter fixed at its top (random 0.999...). */
class DeliveryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final DeliveryPolicy POLICY = new DeliveryPolicy(new Backoff(Duration.ofSeconds(5), Duration.ofHours(1)),
            3);

    @Test
    void a2xxIsDeliveredAndA410FailsDisablingOnlyTheTenantsEndpoint() {
        assertThat(after(Attempt.answered(204, null), delivery(1, 0, true)).status()).isEqualTo(Status.DELIVERED);

        Decision tenants = after(Attempt.answered(410, null), delivery(1, 0, true));
        assertThat(tenants.status()).isEqualTo(Status.FAILED);
        assertThat(tenants.disable()).isTrue();
        Decision jobs = after(Attempt.answered(410, null), delivery(1, 0, false));
        assertThat(jobs.status()).isEqualTo(Status.FAILED);
        assertThat(jobs.disable()).as("a job's own URL answering 410 fails that delivery only").isFalse();
    }

    @Test
    void transientFailuresAreRetriedWithExponentialBackoff() {
        for (Attempt attempt : new Attempt[]{Attempt.answered(408, null), Attempt.answered(500, null),
                Attempt.answered(503, null), Attempt.failed(Attempt.Kind.TIMEOUT, "no answer within 10 s"),
                Attempt.failed(Attempt.Kind.NETWORK, "connection failed"),
                Attempt.failed(Attempt.Kind.NO_SECRET, "no signing secret")}) {
            Decision first = after(attempt, delivery(1, 0, true));
            assertThat(first.status()).as(attempt.detail()).isEqualTo(Status.PENDING);
            assertThat(first.clientError()).as(attempt.detail()).isFalse();
            assertThat(Duration.between(NOW, first.at())).as(attempt.detail()).isBetween(Duration.ofMillis(4_990),
                    Duration.ofSeconds(5));
        }
        assertThat(Duration.between(NOW, after(Attempt.answered(500, null), delivery(4, 0, true)).at()))
                .as("the fourth attempt's retry: 5 s doubled three times").isBetween(Duration.ofMillis(39_960),
                        Duration.ofSeconds(40));
    }

    @Test
    void retryAfterIsHonouredFor429And503WithinOneSecondAndBackoffMax() {
        assertThat(Duration.between(NOW, after(Attempt.answered(429, Duration.ofSeconds(120)), delivery(1, 0, true)).at()))
                .isEqualTo(Duration.ofSeconds(120));
        assertThat(Duration.between(NOW, after(Attempt.answered(503, Duration.ofSeconds(30)), delivery(1, 0, true)).at()))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(Duration.between(NOW, after(Attempt.answered(429, Duration.ZERO), delivery(1, 0, true)).at()))
                .as("at least 1 s").isEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(NOW, after(Attempt.answered(429, Duration.ofDays(2)), delivery(1, 0, true)).at()))
                .as("at most backoff-max").isEqualTo(Duration.ofHours(1));
        assertThat(Duration.between(NOW, after(Attempt.answered(500, Duration.ofSeconds(120)), delivery(1, 0, true)).at()))
                .as("a 500's Retry-After is not one we honour").isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void otherClientErrorsAreRetriedAFewTimesThenFailed() {
        Decision first = after(Attempt.answered(400, null), delivery(1, 0, true));
        assertThat(first.status()).isEqualTo(Status.PENDING);
        assertThat(first.clientError()).isTrue();
        assertThat(after(Attempt.answered(302, null), delivery(2, 1, true)).status()).as("a redirect is not followed")
                .isEqualTo(Status.PENDING);
        Decision third = after(Attempt.answered(404, null), delivery(3, 2, true));
        assertThat(third.status()).as("the third client error").isEqualTo(Status.FAILED);
        assertThat(third.statusCode()).isEqualTo(404);
    }

    @Test
    void aRetryThatWouldFallAfterMaxAgeFailsInsteadAndARefusalFailsAtOnce() {
        Decision late = POLICY.after(Attempt.answered(500, null), new Deliveries.Claimed(UUID.randomUUID(), UUID.randomUUID(),
                "t", "https://example.com/", true, 1, 0, NOW.plusSeconds(2), NOW, false, "{}", null), NOW, () -> 0.999);
        assertThat(late.status()).isEqualTo(Status.FAILED);
        assertThat(late.error()).endsWith("retried until headshots.notify.max-age");

        assertThat(after(Attempt.failed(Attempt.Kind.REFUSED, "refused: host resolves to a loopback address"),
                delivery(1, 0, true)).status()).isEqualTo(Status.FAILED);
        assertThat(after(Attempt.failed(Attempt.Kind.DISABLED, "disabled"), delivery(1, 0, true)).status())
                .isEqualTo(Status.FAILED);
    }

    private static Decision after(Attempt attempt, Deliveries.Claimed delivery) {
        return POLICY.after(attempt, delivery, NOW, () -> 0.999);
    }

    /** Attempt number {@code attempts}, after {@code clientErrors} client errors, retried for 72 h. */
    private static Deliveries.Claimed delivery(int attempts, int clientErrors, boolean tenantEndpoint) {
        return new Deliveries.Claimed(UUID.randomUUID(), UUID.randomUUID(), "t", "https://example.com/", tenantEndpoint,
                attempts, clientErrors, NOW.plus(Duration.ofHours(72)), NOW, false, "{}", null);
    }
}
