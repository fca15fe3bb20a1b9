package dev.headshots.ingest.reconcile;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.lease.LeasedTable;
import dev.headshots.ingest.lease.Leases;
import dev.headshots.ingest.outbox.LifecycleEvent;
import dev.headshots.ingest.outbox.StoredEvents;
import dev.headshots.ingest.state.JobMetadata;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The reconciliation queue in Postgres: jobs we submitted that have no outcome yet, each due at its {@code reconcile_at}
 * ({@link #JOBS}, a {@link LeasedTable} over {@code headshot_job}, like the image retry queue). An instance claims due jobs,
 * polls or times each out, and ends its claim with the next time the job is due, counting the polls and redeliveries made. A
 * job times out in one transaction with its {@code headshots.timed_out} event in the outbox, and only while this instance holds
 * its claim and it has no outcome: a callback applied meanwhile clears the claim, and wins. Also lists the photos of runs that
 * are over, which are deleted.
 */
@ApplicationScoped
public class ReconcileStore {

    /** A claimed job is due again when its lease ends: its {@code reconcile_at} holds the lease's end while it is claimed. */
    public static final LeasedTable JOBS = new LeasedTable("headshot_job", List.of("headshots_id"), "reconcile_owner",
            "reconcile_at IS NOT NULL", "reconcile_at", "runflow_event IS NULL AND reconcile_at <= now()", "",
            "reconcile_at = now()");

    private static final String CLAIM = JOBS.claimStatement(new LeasedTable.Claim(null, "reconcile_at", "$3", null, null,
            "t.headshots_id, t.runflow_api, t.submitted_at, t.polls, t.redeliveries"));

    /** Ends {@code $1}'s claim on job {@code $2}, if it still holds it. */
    private static final String SETTLE = """
            UPDATE headshot_job SET reconcile_owner = NULL, reconcile_at = $3, polls = polls + $4,
                   redeliveries = redeliveries + $5, updated_at = now()
            WHERE headshots_id = $2 AND reconcile_owner = $1""";

    private static final String TIME_OUT = """
            UPDATE headshot_job SET status = 'TIMED_OUT', timed_out_at = now(), reconcile_at = NULL, reconcile_owner = NULL,
                   polls = polls + $3, updated_at = now()
            WHERE headshots_id = $2 AND reconcile_owner = $1 AND runflow_event IS NULL AND status = 'SUBMITTED'
            RETURNING runflow_api, submitted_at, timed_out_at, polls, redeliveries, tenant_id, client_reference_id,
                      metadata::text AS metadata""";

    /** Runs that are over (an outcome applied, timed out, or cancelled on our side) whose photos are still in the bucket. */
    private static final String PHOTOS_TO_DELETE = """
            SELECT headshots_id, photo_keys FROM headshot_job
            WHERE photo_keys IS NOT NULL AND (runflow_event IS NOT NULL OR status IN ('TIMED_OUT', 'CANCELLED')) LIMIT $1""";

    private static final String PHOTOS_DELETED = "UPDATE headshot_job SET photo_keys = NULL WHERE headshots_id = $1";

    private final Pool pool;
    private final StoredEvents events;

    public ReconcileStore(Pool pool, StoredEvents events) {
        this.pool = pool;
        this.events = events;
    }

    /** A job claimed for reconciliation. */
    public record Claimed(UUID id, String api, Instant submittedAt, int polls, int redeliveries) {

        public boolean legacy() {
            return !"runs".equals(api);
        }
    }

    /** Claims up to {@code limit} due jobs for this instance, the longest due first. */
    public Uni<List<Claimed>> claim(Leases leases, int limit) {
        return JOBS.claim(pool, CLAIM, leases, limit).map(rows -> rows.stream().map(ReconcileStore::claimed).toList());
    }

    /** Ends the claim: the job is due again at {@code next}, after {@code polls} more polls and {@code redeliveries}. */
    public Uni<Void> settle(String owner, UUID id, Instant next, int polls, int redeliveries) {
        return pool.preparedQuery(SETTLE)
                .execute(Tuple.of(owner, id, OffsetDateTime.ofInstant(next, ZoneOffset.UTC), polls, redeliveries))
                .replaceWithVoid();
    }

    /** Times the job out with its event; yields false when it had an outcome meanwhile, or the claim was lost. */
    public Uni<Boolean> timeOut(String owner, UUID id, int polls) {
        return pool.withTransaction(sql -> sql.preparedQuery(TIME_OUT).execute(Tuple.of(owner, id, polls))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Row job = rows.iterator().next();
                    String tenant = job.getString("tenant_id");
                    return events.enqueueTimedOut(sql, new LifecycleEvent.TimedOut(id, "TIMED_OUT",
                            job.getString("runflow_api"), instant(job, "submitted_at"), instant(job, "timed_out_at"),
                            job.getInteger("polls"), job.getInteger("redeliveries"), tenant,
                            job.getString("client_reference_id"), JobMetadata.parse(job.getString("metadata"))), tenant)
                            .replaceWith(true);
                }));
    }

    /** Up to {@code limit} jobs whose run is over and whose photos are still kept: id and keys. */
    public Uni<List<Photos>> photosToDelete(int limit) {
        return pool.preparedQuery(PHOTOS_TO_DELETE).execute(Tuple.of(limit))
                .map(rows -> rows.stream().map(row -> new Photos(row.getUUID("headshots_id"),
                        Arrays.asList(row.getArrayOfStrings("photo_keys")))).toList());
    }

    public Uni<Void> photosDeleted(UUID id) {
        return pool.preparedQuery(PHOTOS_DELETED).execute(Tuple.of(id)).replaceWithVoid();
    }

    /** The photos of one job's run. */
    public record Photos(UUID id, List<String> keys) {
    }

    private static Claimed claimed(Row row) {
        return new Claimed(row.getUUID("headshots_id"), row.getString("runflow_api"),
                Optional.ofNullable(row.getOffsetDateTime("submitted_at")).map(OffsetDateTime::toInstant).orElse(Instant.EPOCH),
                row.getInteger("polls"), row.getInteger("redeliveries"));
    }

    private static Instant instant(Row row, String column) {
        return row.getOffsetDateTime(column).toInstant();
    }
}
