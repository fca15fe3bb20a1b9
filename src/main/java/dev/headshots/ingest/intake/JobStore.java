package dev.headshots.ingest.intake;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.callback.HeadshotsCompleted;
import dev.headshots.ingest.copy.CopyFailure;
import dev.headshots.ingest.copy.StoredObject;
import dev.headshots.ingest.job.JobStatus;
import dev.headshots.ingest.outbox.StoredEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Job and image state in Postgres. Every write is a single idempotent statement: the job's primary key deduplicates callbacks
 * ({@code ON CONFLICT DO NOTHING}), a stored image is never written again, and finishing a job is derived from its images, so
 * replaying any step after a crash converges on the same state.
 */
@ApplicationScoped
public class JobStore {

    /**
     * Creates the job, or counts one more delivery of it; {@code created} is true for the first callback of a job, whether it
     * creates the row or finds the {@code SUBMITTED} one our submission left (deliveries 0 until then).
     */
    private static final String UPSERT_JOB = """
            INSERT INTO headshot_job (headshots_id, status, image_count, received_at, created_at, deliveries)
            VALUES ($1, 'RECEIVED', $2, $3, $3, 1)
            ON CONFLICT (headshots_id) DO UPDATE SET deliveries = headshot_job.deliveries + 1,
                   status = CASE WHEN headshot_job.status = 'SUBMITTED' THEN 'RECEIVED' ELSE headshot_job.status END,
                   image_count = coalesce(headshot_job.image_count, EXCLUDED.image_count),
                   received_at = coalesce(headshot_job.received_at, EXCLUDED.received_at),
                   updated_at = now()
            RETURNING deliveries = 1 AS created""";

    private static final String INSERT_IMAGES = """
            INSERT INTO headshot_image (headshots_id, idx, source_url, status)
            SELECT $1, u.idx, u.url, 'PENDING' FROM unnest($2::text[]) WITH ORDINALITY AS u(url, idx)
            ON CONFLICT (headshots_id, idx) DO NOTHING""";

    private static final String CLAIM = """
            WITH claimed AS (
                UPDATE headshot_image SET status = 'COPYING', claimed_at = now(), updated_at = now()
                WHERE headshots_id = $1 AND status IN ('PENDING', 'COPYING')
                RETURNING idx, source_url)
            SELECT idx, source_url FROM claimed ORDER BY idx""";

    private static final String MARK_COPYING = """
            UPDATE headshot_job SET status = 'COPYING', updated_at = now()
            WHERE headshots_id = $1 AND status = 'RECEIVED'""";

    private static final String STORED = """
            UPDATE headshot_image SET status = 'STORED', object_key = $3, bytes = $4, sha256 = $5, content_type = $6,
                   attempts = $7, error = NULL, error_detail = NULL, source_url = NULL, updated_at = now()
            WHERE headshots_id = $1 AND idx = $2 AND status <> 'STORED'""";

    private static final String FAILED = """
            UPDATE headshot_image SET status = 'FAILED', error = $3, error_detail = $4, attempts = $5, updated_at = now()
            WHERE headshots_id = $1 AND idx = $2 AND status <> 'STORED'""";

    private static final String COUNTS = """
            SELECT count(*) AS total,
                   count(*) FILTER (WHERE status = 'STORED') AS stored,
                   count(*) FILTER (WHERE status = 'FAILED') AS failed
            FROM headshot_image WHERE headshots_id = $1""";

    /** Source URLs are credentials: once the job is terminal no image is fetched again, so they are deleted. */
    private static final String FORGET_SOURCES = """
            UPDATE headshot_image SET source_url = NULL
            WHERE headshots_id = $1 AND source_url IS NOT NULL""";

    private static final String FINISH = """
            UPDATE headshot_job SET status = $2, updated_at = now(),
                   completed_at = CASE WHEN $3 THEN coalesce(completed_at, now()) END
            WHERE headshots_id = $1
            RETURNING completed_at""";

    private final Pool pool;
    private final StoredEvents events;

    public JobStore(Pool pool, StoredEvents events) {
        this.pool = pool;
        this.events = events;
    }

    /** Records the job and its images once; true when this callback created the job, false for a duplicate. */
    public Uni<Boolean> record(HeadshotsCompleted callback) {
        UUID id = callback.headshotsId();
        return pool.withTransaction(sql -> sql.preparedQuery(UPSERT_JOB)
                .execute(Tuple.of(id, callback.imageUrls().size(),
                        OffsetDateTime.ofInstant(callback.receivedAt(), ZoneOffset.UTC)))
                .chain(upserted -> !upserted.iterator().next().getBoolean("created")
                        ? Uni.createFrom().item(false)
                        : sql.preparedQuery(INSERT_IMAGES)
                                .execute(Tuple.of(id, callback.imageUrls().toArray(String[]::new)))
                                .replaceWith(true)));
    }

    /**
     * Claims every image of the job that is not finished yet, including any left {@code COPYING} by an instance that stopped
     * mid-copy. Callbacks of one job share a Kafka partition, so one consumer at a time claims them.
     */
    public Uni<List<PendingImage>> claimUnfinished(UUID id) {
        return pool.withTransaction(sql -> sql.preparedQuery(CLAIM)
                .execute(Tuple.of(id))
                .call(claimed -> sql.preparedQuery(MARK_COPYING).execute(Tuple.of(id)))
                .map(JobStore::pending));
    }

    public Uni<Void> markStored(UUID id, int index, StoredObject object, int attempts) {
        return pool.preparedQuery(STORED)
                .execute(Tuple.from(List.of(id, index, object.key(), object.bytes(), object.sha256(),
                        object.contentType(), attempts)))
                .replaceWithVoid();
    }

    public Uni<Void> markFailed(UUID id, int index, CopyFailure failure, int attempts) {
        return pool.preparedQuery(FAILED)
                .execute(Tuple.of(id, index, failure.reason().name(), failure.getMessage(), attempts))
                .replaceWithVoid();
    }

    /**
     * Derives the job's status from its images and records it, with {@code completed_at} once terminal; a terminal job's
     * {@code headshots.stored} event is written to the outbox, and its images' source URLs deleted, in the same transaction.
     */
    public Uni<JobStatus> finish(UUID id) {
        return pool.withTransaction(sql -> sql.preparedQuery(COUNTS)
                .execute(Tuple.of(id))
                .map(rows -> status(rows.iterator().next()))
                .call(status -> sql.preparedQuery(FINISH).execute(Tuple.of(id, status.name(), status.isTerminal()))
                        .chain(rows -> !status.isTerminal()
                                ? Uni.createFrom().voidItem()
                                : events.enqueue(sql, id, status,
                                        rows.iterator().next().getOffsetDateTime("completed_at").toInstant())
                                        .chain(() -> sql.preparedQuery(FORGET_SOURCES).execute(Tuple.of(id)))
                                        .replaceWithVoid())));
    }

    private static JobStatus status(Row counts) {
        return JobStatus.of(counts.getInteger("total"), counts.getInteger("stored"), counts.getInteger("failed"));
    }

    private static List<PendingImage> pending(RowSet<Row> rows) {
        return rows.stream().map(row -> new PendingImage(row.getInteger("idx"), row.getString("source_url"))).toList();
    }

    /**
     * An image claimed for copying: its 1-based position and its source URL (a credential: never log it unredacted). Only
     * unfinished images are claimed, and they always have one; it is deleted when the image is stored or the job is terminal.
     */
    public record PendingImage(int index, String sourceUrl) {

        @Override
        public String toString() {
            return "PendingImage[index=" + index + "]";
        }
    }
}
