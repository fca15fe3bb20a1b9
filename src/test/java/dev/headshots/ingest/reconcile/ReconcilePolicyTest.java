package dev.headshots.ingest.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.retry.Backoff;

class ReconcilePolicyTest {

    private static final Instant SUBMITTED = Instant.parse("2026-12-01T10:00:00Z");
    private final ReconcilePolicy policy = new ReconcilePolicy(new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(15)),
            Duration.ofHours(6));

    @Test
    void pollsBackOffFromOneMinuteDoublingToFifteen() {
        Instant now = SUBMITTED.plus(Duration.ofMinutes(150));
        assertThat(policy.nextPoll(SUBMITTED, 1, now, () -> 0.999)).isBetween(now.plusSeconds(30), now.plusSeconds(60));
        assertThat(policy.nextPoll(SUBMITTED, 3, now, () -> 0.0)).isEqualTo(now.plus(Duration.ofMinutes(2)));
        assertThat(policy.nextPoll(SUBMITTED, 10, now, () -> 0.999)).isBetween(now.plus(Duration.ofMinutes(7)),
                now.plus(Duration.ofMinutes(15)));
    }

    @Test
    void theLastPollFallsOnTheDeadlineAndAtItTheJobTimesOut() {
        Instant almost = SUBMITTED.plus(Duration.ofHours(6)).minusSeconds(10);
        assertThat(policy.nextPoll(SUBMITTED, 10, almost, () -> 0.5)).isEqualTo(SUBMITTED.plus(Duration.ofHours(6)));
        assertThat(policy.timesOut(SUBMITTED, almost)).isFalse();
        assertThat(policy.timesOut(SUBMITTED, SUBMITTED.plus(Duration.ofHours(6)))).isTrue();
    }
}
