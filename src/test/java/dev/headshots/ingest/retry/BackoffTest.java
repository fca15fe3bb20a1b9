package dev.headshots.ingest.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void theCeilingDoublesPerRetryAndIsCapped() {
        assertThat(backoff.delay(1, () -> 0.999999)).isEqualTo(Duration.ofMillis(499));
        assertThat(backoff.delay(2, () -> 0.999999)).isEqualTo(Duration.ofMillis(999));
        assertThat(backoff.delay(3, () -> 0.999999)).isEqualTo(Duration.ofMillis(1999));
        assertThat(backoff.delay(7, () -> 0.999999)).isEqualTo(Duration.ofMillis(29_999));
        assertThat(backoff.delay(60, () -> 0.999999)).isEqualTo(Duration.ofMillis(29_999));
    }

    @Test
    void atLeastHalfTheCeilingIsAlwaysWaited() {
        assertThat(backoff.delay(1, () -> 0.0)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.delay(3, () -> 0.0)).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.delay(40, () -> 0.0)).isEqualTo(Duration.ofMillis(15_000));
    }

    @Test
    void jitterSpreadsDelaysBetweenHalfAndAll() {
        assertThat(backoff.delay(2, () -> 0.5)).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void retriesCountFromOne() {
        assertThatThrownBy(() -> backoff.delay(0, () -> 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
