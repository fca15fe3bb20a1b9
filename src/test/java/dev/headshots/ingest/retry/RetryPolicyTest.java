package dev.headshots.ingest.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.copy.CopyFailure;
import dev.headshots.ingest.state.ImageStatus;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant DEADLINE = NOW.plus(Duration.ofHours(1));
    private final RetryPolicy policy = new RetryPolicy(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)), 3);

    @Test
    void aTransientFailureIsRetriedAfterTheBackoffOfItsAttempt() {
        RetryPolicy.Decision decision = policy.after(CopyFailure.ofStatus(503), 3, NOW, DEADLINE, () -> 0.999999);

        assertThat(decision.retries()).isTrue();
        assertThat(decision.at()).isEqualTo(NOW.plusMillis(3999));
    }

    @Test
    void transientFailuresAreRetriedUntilTheDeadlineNotUpToACount() {
        RetryPolicy.Decision decision = policy.after(CopyFailure.retryable(CopyFailure.Reason.NETWORK, "reset", null), 500, NOW,
                DEADLINE, () -> 0.5);

        assertThat(decision.retries()).isTrue();
        assertThat(decision.at()).isBetween(NOW.plus(Duration.ofMinutes(2)), NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aRetryThatWouldFallAfterTheDeadlineExpiresTheImageInstead() {
        Instant soon = NOW.plusSeconds(2);

        assertThat(policy.after(CopyFailure.ofStatus(500), 4, NOW, soon, () -> 0.0).status()).isEqualTo(ImageStatus.EXPIRED);
        assertThat(policy.after(CopyFailure.ofStatus(500), 1, NOW, soon, () -> 0.0).status()).as("0.5 s fits")
                .isEqualTo(ImageStatus.RETRYING);
    }

    @Test
    void anyFailureAtOrAfterTheDeadlineIsExpired() {
        assertThat(policy.after(CopyFailure.ofStatus(503), 1, DEADLINE, DEADLINE, () -> 0.0).status())
                .isEqualTo(ImageStatus.EXPIRED);
        assertThat(policy.after(CopyFailure.ofStatus(404), 1, DEADLINE.plusSeconds(1), DEADLINE, () -> 0.0).status())
                .isEqualTo(ImageStatus.EXPIRED);
    }

    @Test
    void a403AfterTheDeadlineIsExpiredAtOnce() {
        assertThat(policy.after(CopyFailure.ofStatus(403), 1, DEADLINE.plusMillis(1), DEADLINE, () -> 0.0).status())
                .isEqualTo(ImageStatus.EXPIRED);
    }

    @Test
    void a403BeforeTheDeadlineIsRetriedAFewTimesThenFailed() {
        CopyFailure forbidden = CopyFailure.ofStatus(403);

        assertThat(policy.after(forbidden, 1, NOW, DEADLINE, () -> 0.0).status()).isEqualTo(ImageStatus.RETRYING);
        assertThat(policy.after(forbidden, 2, NOW, DEADLINE, () -> 0.0).status()).isEqualTo(ImageStatus.RETRYING);
        assertThat(policy.after(forbidden, 3, NOW, DEADLINE, () -> 0.0).status()).isEqualTo(ImageStatus.FAILED);
    }

    @Test
    void aForbiddenFailureKeepsItsStatusThroughRedirectHops() {
        assertThat(CopyFailure.ofStatus(403).at("redirect 1").isForbidden()).isTrue();
        assertThat(CopyFailure.ofStatus(404).isForbidden()).isFalse();
    }

    @Test
    void otherPermanentFailuresFailAtOnce() {
        for (CopyFailure failure : new CopyFailure[]{CopyFailure.ofStatus(404), CopyFailure.ofStatus(410),
                CopyFailure.permanent(CopyFailure.Reason.NOT_AN_IMAGE, "html"),
                CopyFailure.permanent(CopyFailure.Reason.HOST_NOT_ALLOWED, "elsewhere")}) {
            assertThat(policy.after(failure, 1, NOW, DEADLINE, () -> 0.0).status()).as(failure.getMessage())
                    .isEqualTo(ImageStatus.FAILED);
        }
    }
}
