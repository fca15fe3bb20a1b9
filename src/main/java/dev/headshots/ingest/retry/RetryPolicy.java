package dev.headshots.ingest.retry;

import java.time.Instant;
import java.util.function.DoubleSupplier;

import dev.headshots.ingest.copy.CopyFailure;
import dev.headshots.ingest.state.ImageStatus;

/**
 * What happens to an image after a failed attempt, given the failure, how many attempts were started, and the deadline of its
 * source URL:
 * <ul>
 * <li>past the deadline it is {@code EXPIRED}, whatever the failure (a 403 then is the URL having expired);</li>
 * <li>a 403 before the deadline is retried until {@code forbiddenAttempts} attempts were made, then {@code FAILED};</li>
 * <li>any other permanent failure is {@code FAILED} at once;</li>
 * <li>a transient failure is retried after {@link Backoff} — unless that retry would fall after the deadline, when the image is
 * {@code EXPIRED} instead.</li>
 * </ul>
 */
public record RetryPolicy(Backoff backoff, int forbiddenAttempts) {

    /** Retry at {@code at}, or give up with {@code status} (FAILED or EXPIRED; {@code at} is then null). */
    public record Decision(ImageStatus status, Instant at) {

        static Decision retryAt(Instant at) {
            return new Decision(ImageStatus.RETRYING, at);
        }

        static Decision giveUp(ImageStatus status) {
            return new Decision(status, null);
        }

        public boolean retries() {
            return status == ImageStatus.RETRYING;
        }
    }

    public RetryPolicy {
        if (forbiddenAttempts < 1) {
            throw new IllegalArgumentException("forbiddenAttempts must be at least 1");
        }
    }

    public Decision after(CopyFailure failure, int attempts, Instant now, Instant deadline, DoubleSupplier random) {
        if (!now.isBefore(deadline)) {
            return Decision.giveUp(ImageStatus.EXPIRED);
        }
        if (failure.isForbidden() ? attempts >= forbiddenAttempts : !failure.isTransient()) {
            return Decision.giveUp(ImageStatus.FAILED);
        }
        Instant at = now.plus(backoff.delay(Math.max(1, attempts), random));
        return at.isBefore(deadline) ? Decision.retryAt(at) : Decision.giveUp(ImageStatus.EXPIRED);
    }
}
