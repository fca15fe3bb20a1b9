package dev.headshots.ingest.security;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: it holds up to {@code capacity} tokens, gains one every {@code refill}, and each permitted event takes one.
 * It never blocks and never schedules anything: the refill is computed from the clock when the bucket is asked, and the state
 * is two numbers behind a lock held for a few arithmetic operations, so it is safe to use on an event loop.
 */
public final class TokenBucket {

    private final long capacity;
    private final long refillNanos;
    private final LongSupplier nanoTime;
    private long tokens;
    private long lastRefill;

    /** A full bucket; {@code nanoTime} is {@link System#nanoTime()} outside tests. */
    public TokenBucket(int capacity, Duration refill, LongSupplier nanoTime) {
        if (capacity < 1 || refill.isNegative() || refill.isZero()) {
            throw new IllegalArgumentException("a token bucket needs a capacity of at least 1 and a positive refill interval");
        }
        this.capacity = capacity;
        this.refillNanos = refill.toNanos();
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.lastRefill = nanoTime.getAsLong();
    }

    /** Takes a token if there is one; true when the event is permitted. */
    public synchronized boolean tryTake() {
        refill();
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }

    /** Takes a token if there is one, without refusing anything when there is none. */
    public synchronized void drain() {
        refill();
        tokens = Math.max(0, tokens - 1);
    }

    /** Zero when a token is available now, otherwise how long until the next one. */
    public synchronized Duration untilNextToken() {
        refill();
        return tokens > 0 ? Duration.ZERO : Duration.ofNanos(refillNanos - (nanoTime.getAsLong() - lastRefill));
    }

    /** True when the bucket is full again, i.e. it remembers nothing. */
    public synchronized boolean isFull() {
        refill();
        return tokens == capacity;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long earned = (now - lastRefill) / refillNanos;
        if (earned > 0) {
            tokens = Math.min(capacity, tokens + earned);
            lastRefill = tokens == capacity ? now : lastRefill + earned * refillNanos;
        }
    }
}
