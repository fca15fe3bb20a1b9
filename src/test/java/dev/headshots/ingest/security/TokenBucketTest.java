package dev.headshots.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aFullBucketPermitsItsCapacityThenRefusesUntilItRefills() {
        TokenBucket bucket = new TokenBucket(3, Duration.ofSeconds(2), now::get);

        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        assertThat(bucket.untilNextToken()).isEqualTo(Duration.ofSeconds(2));

        advance(Duration.ofMillis(1500));
        assertThat(bucket.tryTake()).isFalse();
        assertThat(bucket.untilNextToken()).isEqualTo(Duration.ofMillis(500));

        advance(Duration.ofMillis(500));
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void itNeverHoldsMoreThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(2, Duration.ofSeconds(1), now::get);

        advance(Duration.ofHours(1));

        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void partialIntervalsAreNotLostBetweenRefills() {
        TokenBucket bucket = new TokenBucket(1, Duration.ofSeconds(1), now::get);
        bucket.tryTake();

        for (int i = 0; i < 10; i++) {
            advance(Duration.ofMillis(700));
            bucket.untilNextToken(); // asking must not reset the interval that is running
        }

        assertThat(bucket.tryTake()).isTrue(); // 7 s passed: at least one token, capped at one
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void drainingAnEmptyBucketKeepsItEmptyWithoutGoingNegative() {
        TokenBucket bucket = new TokenBucket(1, Duration.ofSeconds(1), now::get);
        bucket.drain();
        bucket.drain();
        bucket.drain();

        advance(Duration.ofSeconds(1));

        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.isFull()).isFalse();
        advance(Duration.ofSeconds(1));
        assertThat(bucket.isFull()).isTrue();
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, Duration.ofSeconds(1), now::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, Duration.ZERO, now::get)).isInstanceOf(IllegalArgumentException.class);
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
