package dev.headshots.ingest.lifecycle;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.lease.LeasedTable;
import dev.headshots.ingest.lease.Leases;
import dev.headshots.ingest.outbox.LifecycleEvent;
import dev.headshots.ingest.outbox.StoredEvents;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The erasure queue, {@code job_erasure}, a {@link LeasedTable}: an instance claims a due erasure, makes a pass over the job's
 * objects, and records what it removed: the erasure is due again at once, or when the copies that were in flight must have
 * ended ({@code settle_until}); once a pass after that finds nothing left, the job is {@code DELETED} and its
 * {@code headshots.deleted} event is written, in one transaction. A pass that failed is due again later. An instance that dies
 * holding an erasure leaves it to be taken over when its lease ends, so an erasure resumes until every object is gone.
 */
@ApplicationScoped
public class ErasureQueue {

    public static final LeasedTable ERASURES = new LeasedTable("job_erasure", List.of("headshots_id"), "status = 'ERASING'",
            "next_attempt_at", "next_attempt_at <= now()", "status = 'ERASING'",
            "status = 'PENDING', next_attempt_at = now()");

    private static final String CLAIM = ERASURES.claimStatement(new LeasedTable.Claim(null, "next_attempt_at", "$3",
            "headshot_job j", "j.headshots_id = t.headshots_id",
            "t.headshots_id, t.settle_until, t.settle_until <= now() AS settled, j.bucket, j.key_prefix, j.photo_keys"));

    private static final String PASSED = """
            UPDATE job_erasure SET status = 'PENDING', lease_owner = NULL, next_attempt_at = $3, passes = passes + 1,
                   objects_deleted = objects_deleted + $4, last_error = $5
            WHERE headshots_id = $1 AND lease_owner = $2""";

    private static final String DONE = """
            DELETE FROM job_erasure WHERE headshots_id = $1 AND lease_owner = $2 RETURNING objects_deleted""";

    private static final String TOMBSTONE = """
            UPDATE headshot_job SET status = 'DELETED', deleted_at = now(), objects_deleted = $2, photo_keys = NULL,
                   updated_at = now()
            WHERE headshots_id = $1 AND status = 'DELETING'
            RETURNING deletion_reason, deletion_requested_at, deleted_at, image_count, stored_count, tenant_id""";

    private final Pool pool;
    private final StoredEvents events;

    public ErasureQueue(Pool pool, StoredEvents events) {
        this.pool = pool;
        this.events = events;
    }

    /** Claims up to {@code limit} due erasures for this instance, the longest due first. */
    public Uni<List<Claimed>> claim(int limit, Leases leases) {
        return ERASURES.claim(pool, CLAIM, leases, limit).map(rows -> rows.stream().map(ErasureQueue::claimed).toList());
    }

    /** Records a pass that removed {@code removed} objects, or failed ({@code error}); the erasure is due again {@code at}. */
    public Uni<Void> passed(UUID id, String owner, Instant at, int removed, String error) {
        return pool.preparedQuery(PASSED)
                .execute(Tuple.from(Arrays.asList(id, owner, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), removed, error)))
                .replaceWithVoid();
    }

    /** Ends the erasure: the job is a tombstone, and its {@code headshots.deleted} event is in the outbox; yields whether. */
    public Uni<Boolean> finish(UUID id, String owner) {
        return pool.withTransaction(sql -> sql.preparedQuery(DONE).execute(Tuple.of(id, owner)).chain(done -> {
            if (done.size() == 0) {
                // the claim was lost to another instance, which finishes it
                return Uni.createFrom().item(Boolean.FALSE);
            }
            int removed = done.iterator().next().getInteger("objects_deleted");
            return sql.preparedQuery(TOMBSTONE).execute(Tuple.of(id, removed)).chain(rows -> {
                if (rows.size() == 0) {
                    return Uni.createFrom().item(Boolean.FALSE);
                }
                Row job = rows.iterator().next();
                LifecycleEvent.Deleted deleted = new LifecycleEvent.Deleted(id, "DELETED", job.getString("deletion_reason"),
                        job.getOffsetDateTime("deletion_requested_at").toInstant(),
                        job.getOffsetDateTime("deleted_at").toInstant(), job.getInteger("image_count"),
                        job.getInteger("stored_count"), removed, job.getString("tenant_id"));
                return events.enqueueDeleted(sql, deleted, job.getString("tenant_id")).replaceWith(Boolean.TRUE);
            });
        }));
    }

    private static Claimed claimed(Row row) {
        String[] photos = row.getArrayOfStrings("photo_keys");
        return new Claimed(row.getUUID("headshots_id"), row.getString("bucket"), row.getString("key_prefix"),
                photos == null ? List.of() : List.of(photos), row.getOffsetDateTime("settle_until").toInstant(),
                row.getBoolean("settled"));
    }

    /**
     * An erasure this instance claimed: the job, where its objects are (a null bucket is the installation's), the keys of its
     * run's photos still in the bucket, and until when a copy may still write (whether that had passed at the claim, by
     * Postgres's clock).
     */
    public record Claimed(UUID headshotsId, String bucket, String keyPrefix, List<String> photoKeys, Instant settleUntil,
            boolean settled) {
    }
}
