package dev.headshots.ingest.retry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.copy.Destination;
import dev.headshots.ingest.lease.LeasedTable;
import dev.headshots.ingest.lease.Leases;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The durable retry queue: the images in Postgres ({@code headshot_image}), a {@link LeasedTable} like the notification
 * deliveries, the erasures and the reconciliation. An image is copied only by the instance that claimed it
 * ({@code FOR UPDATE SKIP LOCKED}, then a lease that its holder renews); a claim of an instance that died is taken over once
 * its lease runs out. What became of an attempt is recorded by {@code copy.ImageRecorder}.
 */
@ApplicationScoped
public class RetryQueue {

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

    /** Kept source URLs whose deadline has passed: nothing can use them any more, so the credentials go. */
    private static final String FORGET_LAPSED_SOURCES = """
            UPDATE headshot_image SET source_url = NULL
            WHERE source_url IS NOT NULL AND status IN ('FAILED', 'EXPIRED') AND deadline <= now()""";

    private static final String COUNT_RETRYING = """
            SELECT j.tenant_id, count(*) AS retrying FROM headshot_image i JOIN headshot_job j USING (headshots_id)
            WHERE i.status = 'RETRYING' GROUP BY j.tenant_id""";

    private final Pool pool;

    public RetryQueue(Pool pool) {
        this.pool = pool;
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
                .map(RetryQueue::claimed));
    }

    /** Claims up to {@code limit} due images of any job, the longest due first. */
    public Uni<List<ClaimedImage>> claimDue(int limit, Leases leases) {
        return IMAGES.claim(pool, CLAIM_ANY, leases, limit).map(RetryQueue::claimed);
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

    private static List<ClaimedImage> claimed(RowSet<Row> rows) {
        return rows.stream()
                .map(row -> new ClaimedImage(row.getUUID("headshots_id"), row.getInteger("idx"), row.getString("source_url"),
                        row.getInteger("attempts"), row.getOffsetDateTime("deadline").toInstant(), row.getBoolean("expired"),
                        new Destination(row.getString("tenant_id"), row.getString("bucket"), row.getString("key_prefix")),
                        row.getString("traceparent")))
                .toList();
    }
}
