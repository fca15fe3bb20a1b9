package dev.headshots.ingest.copy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.retry.ClaimedImage;
import dev.headshots.ingest.state.ImageStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Records what became of an attempt at a claimed image, each outcome one idempotent statement: stored (whatever happened to the
 * claim meanwhile: the bytes are in the bucket), a retry at a time, or given up ({@code FAILED}, {@code EXPIRED}), these two
 * only while this instance still holds the claim. A settled image is never written again.
 */
@ApplicationScoped
public class ImageRecorder {

    /** Stored wins over any unfinished state, even if the claim was taken over meanwhile: the bytes are in the bucket. */
    private static final String STORED = """
            UPDATE headshot_image SET status = 'STORED', object_key = $3, bytes = $4, sha256 = $5, content_type = $6,
                   error = NULL, error_detail = NULL, source_url = NULL, next_attempt_at = NULL, lease_owner = NULL,
                   updated_at = now()
            WHERE headshots_id = $1 AND idx = $2 AND status IN ('PENDING', 'COPYING', 'RETRYING')""";

    /** Any other outcome is recorded only while this instance still holds the claim. */
    private static final String RETRY = """
            UPDATE headshot_image SET status = 'RETRYING', next_attempt_at = $4, error = $5, error_detail = $6,
                   lease_owner = NULL, updated_at = now()
            WHERE headshots_id = $1 AND idx = $2 AND status = 'COPYING' AND lease_owner = $3""";

    /** FAILED or EXPIRED; the last error is kept when there is no new one (an image that expired before its next attempt). */
    private static final String GIVE_UP = """
            UPDATE headshot_image SET status = $4, error = coalesce($5::varchar, error),
                   error_detail = coalesce($6::varchar, error_detail), next_attempt_at = NULL, lease_owner = NULL,
                   updated_at = now()
            WHERE headshots_id = $1 AND idx = $2 AND status = 'COPYING' AND lease_owner = $3""";

    /** Whether the image still exists: an erasure deletes the rows of a job's images. */
    private static final String IMAGE_EXISTS = "SELECT 1 FROM headshot_image WHERE headshots_id = $1 AND idx = $2";

    private final Pool pool;

    public ImageRecorder(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records the image as stored; yields false if the image no longer exists because its job was erased while it was being
     * copied, in which case the caller must delete the object it has just written.
     */
    public Uni<Boolean> markStored(ClaimedImage image, StoredObject object) {
        return pool.preparedQuery(STORED)
                .execute(Tuple.from(List.of(image.headshotsId(), image.index(), object.key(), object.bytes(), object.sha256(),
                        object.contentType())))
                .chain(rows -> rows.rowCount() > 0
                        ? Uni.createFrom().item(Boolean.TRUE)
                        : pool.preparedQuery(IMAGE_EXISTS).execute(Tuple.of(image.headshotsId(), image.index()))
                                .map(found -> found.size() > 0));
    }

    public Uni<Void> markRetry(ClaimedImage image, String owner, Instant at, CopyFailure failure) {
        return pool.preparedQuery(RETRY)
                .execute(Tuple.from(Arrays.asList(image.headshotsId(), image.index(), owner,
                        OffsetDateTime.ofInstant(at, ZoneOffset.UTC), failure.reason().name(), failure.getMessage())))
                .replaceWithVoid();
    }

    /** Settles the image as {@code FAILED} or {@code EXPIRED}; {@code failure} is null when no attempt was made. */
    public Uni<Void> giveUp(ClaimedImage image, String owner, ImageStatus status, CopyFailure failure) {
        return pool.preparedQuery(GIVE_UP)
                .execute(Tuple.from(Arrays.asList(image.headshotsId(), image.index(), owner, status.name(),
                        failure == null ? null : failure.reason().name(), failure == null ? null : failure.getMessage())))
                .replaceWithVoid();
    }
}
