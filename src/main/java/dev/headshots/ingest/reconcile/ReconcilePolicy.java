package dev.headshots.ingest.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

import dev.headshots.ingest.retry.Backoff;

/**
 * When a job without an outcome is looked at again. A run still on its way is polled after {@link Backoff} (from
 * {@code poll-backoff-initial}, doubling up to {@code poll-backoff-max}, with jitter), but never later than the job's deadline
 * ({@code submitted_at + callback-deadline}), so that the last poll falls on it; at the deadline a job with no outcome times
 * out. A job of the legacy API, which has no status call, times out the first time it is looked at.
 */
public record ReconcilePolicy(Backoff backoff, Duration callbackDeadline) {

    public Instant deadline(Instant submittedAt) {
        return submittedAt.plus(callbackDeadline);
    }

    /** Whether a job submitted at {@code submittedAt} that still has no outcome at {@code now} times out. */
    public boolean timesOut(Instant submittedAt, Instant now) {
        return !now.isBefore(deadline(submittedAt));
    }

    /** When to poll again a run polled {@code polls} times so far (this one included). */
    public Instant nextPoll(Instant submittedAt, int polls, Instant now, DoubleSupplier random) {
        Instant next = now.plus(backoff.delay(Math.max(1, polls), random));
        Instant deadline = deadline(submittedAt);
        return next.isAfter(deadline) ? deadline : next;
    }
}
