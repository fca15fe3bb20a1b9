package dev.headshots.ingest.retry;

import java.time.Instant;
import java.util.UUID;

import dev.headshots.ingest.copy.Destination;

/**
 * An image this instance claimed from the {@link RetryQueue}: its job, its 1-based position, its source URL (a credential:
 * never log it unredacted), the number of this attempt (1 for the first), the deadline of the URL, whether that had passed when
 * it was claimed (by Postgres's clock), in which case no attempt is made, where its job's objects go, and the
 * {@code traceparent} of its job's trace (null untraced).
 */
public record ClaimedImage(UUID headshotsId, int index, String sourceUrl, int attempts, Instant deadline, boolean expired,
        Destination destination, String traceparent) {

    @Override
    public String toString() {
        return "ClaimedImage[" + headshotsId + "#" + index + ", attempt " + attempts + "]";
    }
}
