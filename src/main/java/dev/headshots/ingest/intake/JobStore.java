package dev.headshots.ingest.intake;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.callback.RunflowEvent;
import dev.headshots.ingest.copy.CopyFailure;
import dev.headshots.ingest.copy.Destination;
import dev.headshots.ingest.copy.StoredObject;
import dev.headshots.ingest.job.ImageStatus;
import dev.headshots.ingest.job.JobStatus;
import dev.headshots.ingest.lease.LeasedTable;
import dev.headshots.ingest.lease.Leases;
import dev.headshots.ingest.outbox.StoredEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Job and image state in Postgres, which is also the retry queue. Every write is a single idempotent statement: the job's
 * primary key deduplicates callbacks ({@code ON CONFLICT}), an image is copied only by the instance that claimed it
 * ({@link #IMAGES}, a {@link LeasedTable}: {@code FOR UPDATE SKIP LOCKED}, then a lease that its holder renews), a settled
 * image is never written again, and finishing a job is derived from its images, so replaying any step after a crash converges
 * on the same state.
 */
@ApplicationScoped
public class JobStore {

    /**
     * The retry queue: an unfinished image is due when never tried, when its retry's time has come, or when it is claimed by an
     * instance whose lease ran out. A claim makes it {@code COPYING}; an image whose URL's deadline has passed is claimed only
     * to be settled {@code EXPIRED}, so it counts no attempt. A release makes it {@code PENDING}, due at once (attempts keeps
     * counting it).
     */
    public static final LeasedTable IMAGES = new LeasedTable("headshot_image", List.of("headshots_id", "idx"),
            "status = 'COPYING'", "next_attempt_at",
            "status IN ('PENDING', 'COPYING', 'RETRYING') AND next_attempt_at <= now()",
            "status = 'COPYING', claimed_at = now(), updated_at = now(), "
                    + "attempts = t.attempts + CASE WHEN t.deadline > now() THEN 1 ELSE 0 END",
            "status = 'PENDING', next_attempt_at = now(), updated_at = now()");

    private static final String CLAIMED = "t.headshots_id, t.idx, t.source_url, t.attempts, t.deadline, "
            + "t.deadline <= now() AS expired, j.tenant_id, j.bucket, j.key_prefix, j.traceparent";

    private static final String CLAIM_OF_JOB = IMAGES.claimStatement(new LeasedTable.Claim("headshots_id = $3", "idx", null,
            "headshot_job j", "j.headshots_id = t.headshots_id", CLAIMED));

    private static final String CLAIM_ANY = IMAGES.claimStatement(new LeasedTable.Claim(null, "next_attempt_at", "$3",
            "headshot_job j", "j.headshots_id = t.headshots_id", CLAIMED));

    private static final String MARK_COPYING = """
            UPDATE headshot_job SET status = 'COPYING', updated_at = now()
            WHERE headshots_id = $1 AND status = 'RECEIVED'""";

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

    /** Kept source URLs whose deadline has passed: nothing can use them any more, so the credentials go. */
    private static final String FORGET_LAPSED_SOURCES = """
            UPDATE headshot_image SET source_url = NULL
            WHERE source_url IS NOT NULL AND status IN ('FAILED', 'EXPIRED') AND deadline <= now()""";

    /**
     * Jobs still {@code RECEIVED} or {@code COPYING} although every image is settled, untouched for a while: an instance died
     * between settling a job's last image and finishing the job, so nobody else would finish it.
     */
    private static final String STRANDED = """
            SELECT j.headshots_id FROM headshot_job j
            WHERE j.status IN ('RECEIVED', 'COPYING') AND j.updated_at < now() - make_interval(secs => $1)
              AND NOT EXISTS (SELECT 1 FROM headshot_image i WHERE i.headshots_id = j.headshots_id
                              AND i.status IN ('PENDING', 'COPYING', 'RETRYING'))
            ORDER BY j.updated_at LIMIT 100""";

    private static final String COUNT_RETRYING = """
            SELECT j.tenant_id, count(*) AS retrying FROM headshot_image i JOIN headshot_job j USING (headshots_id)
            WHERE i.status = 'RETRYING' GROUP BY j.tenant_id""";

    private static final String COUNTS = """
            SELECT count(*) AS total,
                   count(*) FILTER (WHERE status = 'STORED') AS stored,
                   count(*) FILTER (WHERE status IN ('FAILED', 'EXPIRED')) AS failed
            FROM headshot_image WHERE headshots_id = $1""";

    private static final String FINISH = """
            UPDATE headshot_job SET status = $2, updated_at = now(),
                   completed_at = CASE WHEN $3 THEN coalesce(completed_at, now()) END
            WHERE headshots_id = $1
            RETURNING completed_at, replays""";

    /** The job, and whether it is closed: cancelled on our side or erased, so that nothing may finish it any more. */
    private static final String LOCK_JOB = """
            SELECT status, runflow_event, (cancelled_at IS NOT NULL OR status IN ('DELETING', 'DELETED')) AS closed
            FROM headshot_job WHERE headshots_id = $1 FOR UPDATE""";

    /** Whether the image still exists: an erasure deletes the rows of a job's images. */
    private static final String IMAGE_EXISTS = "SELECT 1 FROM headshot_image WHERE headshots_id = $1 AND idx = $2";

    private static final String LOCK_TENANT_JOB = """
            SELECT status FROM headshot_job WHERE headshots_id = $1 AND tenant_id = $2 FOR UPDATE""";

    /** FAILED and EXPIRED images whose URL is kept and still valid start over: due at once, attempts from 1 again. */
    private static final String REPLAY_IMAGES = """
            UPDATE headshot_image SET status = 'PENDING', next_attempt_at = now(), attempts = 0, error = NULL,
                   error_detail = NULL, updated_at = now()
            WHERE headshots_id = $1 AND status IN ('FAILED', 'EXPIRED') AND source_url IS NOT NULL AND deadline > now()
            RETURNING idx""";

    private static final String NOT_REPLAYED = """
            SELECT idx FROM headshot_image WHERE headshots_id = $1 AND status IN ('FAILED', 'EXPIRED') ORDER BY idx""";

    private static final String REOPEN = """
            UPDATE headshot_job SET status = 'COPYING', completed_at = NULL, replays = replays + 1, updated_at = now()
            WHERE headshots_id = $1
            RETURNING replays""";

    /** Runflow reported a partial result: the job is at best PARTIAL, whatever is copied of what it carried. */
    private static final String PARTIAL_EVENT = RunflowEvent.RUN_PARTIAL_SUCCEEDED.wireName();

    private final Pool pool;
    private final StoredEvents events;

    public JobStore(Pool pool, StoredEvents events) {
        this.pool = pool;
        this.events = events;
    }

    /**
     * Claims, for this instance ({@code leases}), every image of job {@code id} that is due: not tried yet, waiting for a retry
     * that is due, or claimed by an instance whose lease ran out. Images another live instance holds are skipped, never waited
     * for.
     */
    public Uni<List<ClaimedImage>> claimDue(UUID id, Leases leases) {
        return pool.withTransaction(sql -> IMAGES.claim(sql, CLAIM_OF_JOB, leases, id)
                .call(claimed -> claimed.size() == 0
                        ? Uni.createFrom().voidItem()
                        : sql.preparedQuery(MARK_COPYING).execute(Tuple.of(id)))
                .map(JobStore::claimed));
    }

    /** Claims up to {@code limit} due images of any job, the longest due first. */
    public Uni<List<ClaimedImage>> claimDue(int limit, Leases leases) {
        return IMAGES.claim(pool, CLAIM_ANY, leases, limit).map(JobStore::claimed);
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

    /** Jobs every image of which is settled but that nobody finished, untouched for {@code quiet} (at most 100). */
    public Uni<List<UUID>> stranded(Duration quiet) {
        return pool.preparedQuery(STRANDED).execute(Tuple.of(seconds(quiet)))
                .map(rows -> rows.stream().map(row -> row.getUUID("headshots_id")).toList());
    }

    /** Deletes the kept source URLs whose deadline has passed; yields how many. */
    public Uni<Integer> forgetLapsedSources() {
        return pool.query(FORGET_LAPSED_SOURCES).execute().map(RowSet::rowCount);
    }

    /** Images waiting for a retry, across all jobs, by tenant (tenants with none are absent). */
    public Uni<Map<String, Long>> countRetrying() {
        return pool.query(COUNT_RETRYING).execute().map(rows -> {
            Map<String, Long> counts = new HashMap<>();
            rows.forEach(row -> counts.put(row.getString("tenant_id"), row.getLong("retrying")));
            return counts;
        });
    }

    /**
     * Derives the job's status from its images and records it, with {@code completed_at} once terminal; a terminal job's
     * {@code headshots.stored} event is written to the outbox in the same transaction, with {@code traceparent} (the span that
     * finished the job; null when tracing is off). A job whose run Runflow reported as {@code run.partial_succeeded} ends
     * {@code PARTIAL} even when every image it carried is stored.
     */
    public Uni<JobStatus> finish(UUID id, String traceparent) {
        // The job's row lock first: instances settling images of one job at once finish it one after the other, each
        // counting what the other committed; without it, a count taken before another's last image could be written after
        // that one's terminal status, and leave the job COPYING for good.
        // A job cancelled on our side or erased is never finished: it keeps its status, and no event is written.
        return pool.withTransaction(sql -> sql.preparedQuery(LOCK_JOB).execute(Tuple.of(id)).chain(job -> {
            Row row = job.size() == 0 ? null : job.iterator().next();
            if (row != null && row.getBoolean("closed")) {
                return Uni.createFrom().item(JobStatus.valueOf(row.getString("status")));
            }
            return finishOpen(sql, id, row != null && PARTIAL_EVENT.equals(row.getString("runflow_event")), traceparent);
        }));
    }

    private Uni<JobStatus> finishOpen(SqlConnection sql, UUID id, boolean partial, String traceparent) {
        return sql.preparedQuery(COUNTS).execute(Tuple.of(id))
                .map(rows -> status(rows.iterator().next()))
                .map(status -> partial ? status.partial() : status)
                .call(status -> sql.preparedQuery(FINISH).execute(Tuple.of(id, status.name(), status.isTerminal()))
                        .chain(rows -> {
                            if (!status.isTerminal() || rows.size() == 0) {
                                // not finished yet, or the job was deleted meanwhile (by an operator): nothing to announce
                                return Uni.createFrom().voidItem();
                            }
                            Row finished = rows.iterator().next();
                            return events.enqueue(sql, id, status, finished.getOffsetDateTime("completed_at").toInstant(),
                                    finished.getInteger("replays"), traceparent);
                        }));
    }

    /**
     * Starts job {@code id} over for its {@code FAILED} and {@code EXPIRED} images whose source URL is still valid, if the job
     * is terminal: they become due at once and the job {@code COPYING}, with one more replay counted. The outcome says what the
     * job was, which images were replayed and which could not be (their URL expired); a job that is not {@code tenantId}'s, or
     * does not exist, yields null.
     */
    public Uni<Replay> replay(UUID id, String tenantId) {
        return pool.withTransaction(sql -> sql.preparedQuery(LOCK_TENANT_JOB).execute(Tuple.of(id, tenantId)).chain(jobs -> {
            if (jobs.size() == 0) {
                return Uni.createFrom().nullItem();
            }
            JobStatus before = JobStatus.valueOf(jobs.iterator().next().getString("status"));
            if (!before.isTerminal()) {
                return Uni.createFrom().item(new Replay(before, 0, List.of(), List.of()));
            }
            return sql.preparedQuery(REPLAY_IMAGES).execute(Tuple.of(id)).map(JobStore::indices)
                    .chain(replayed -> sql.preparedQuery(NOT_REPLAYED).execute(Tuple.of(id)).map(JobStore::indices)
                            .chain(rest -> replayed.isEmpty()
                                    ? Uni.createFrom().item(new Replay(before, 0, replayed, rest))
                                    : sql.preparedQuery(REOPEN).execute(Tuple.of(id)).map(rows -> new Replay(before,
                                            rows.iterator().next().getInteger("replays"), replayed, rest))));
        }));
    }

    /**
     * What a replay found: the job's status before it, the number of this replay (0 when nothing was replayed), the images it
     * started over, and those whose URL had expired.
     */
    public record Replay(JobStatus before, int replay, List<Integer> replayed, List<Integer> notReplayable) {
    }

    private static List<Integer> indices(RowSet<Row> rows) {
        return rows.stream().map(row -> row.getInteger("idx")).sorted().toList();
    }

    private static JobStatus status(Row counts) {
        return JobStatus.of(counts.getInteger("total"), counts.getInteger("stored"), counts.getInteger("failed"));
    }

    private static List<ClaimedImage> claimed(RowSet<Row> rows) {
        return rows.stream()
                .map(row -> new ClaimedImage(row.getUUID("headshots_id"), row.getInteger("idx"), row.getString("source_url"),
                        row.getInteger("attempts"), row.getOffsetDateTime("deadline").toInstant(), row.getBoolean("expired"),
                        new Destination(row.getString("tenant_id"), row.getString("bucket"), row.getString("key_prefix")),
                        row.getString("traceparent")))
                .toList();
    }

    /**
     * An image this instance claimed: its job, its 1-based position, its source URL (a credential: never log it unredacted),
     * the number of this attempt (1 for the first), the deadline of the URL, whether that had passed when it was claimed (by
     * Postgres's clock), in which case no attempt is made, where its job's objects go, and the {@code traceparent} of its job's
     * trace (null untraced).
     */
    public record ClaimedImage(UUID headshotsId, int index, String sourceUrl, int attempts, Instant deadline, boolean expired,
            Destination destination, String traceparent) {

        @Override
        public String toString() {
            return "ClaimedImage[" + headshotsId + "#" + index + ", attempt " + attempts + "]";
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
