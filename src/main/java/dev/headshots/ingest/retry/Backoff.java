package dev.headshots.ingest.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of {@code initial * 2^(n-1)}, capped at
 * {@code max}. Half the delay is guaranteed, so retries never bunch up at zero; the random half spreads instances that failed
 * together.
 */
public record Backoff(Duration initial, Duration max) {

    /** The delay before retry number {@code retry} (1 for the first retry), using {@code random} in [0, 1). */
    public Duration delay(int retry, DoubleSupplier random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry starts at 1");
        }
        long ceiling = initial.toMillis() << Math.min(retry - 1, 30);
        if (ceiling <= 0 || ceiling > max.toMillis()) {
            ceiling = max.toMillis();
        }
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }
}
