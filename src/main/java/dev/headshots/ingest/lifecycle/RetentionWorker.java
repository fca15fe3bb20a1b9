package dev.headshots.ingest.lifecycle;

import java.time.Duration;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps personal data no longer than configured. Every {@code headshots.lifecycle.retention-interval} it asks for the erasure
 * (reason {@code retention}, through the same path as {@code DELETE /v1/headshots/{id}}) of finished jobs that finished longer
 * ago than the images' retention, and removes tombstones older than the tombstones' retention. Each period is the shorter of
 * the installation's ({@link RetentionConfig}) and the job's tenant's own ({@code tenant.retention_images},
 * {@code tenant.retention_tombstones}). Every instance runs it: asking twice for one erasure, or removing a tombstone already
 * gone, changes nothing. It refuses to start with tombstones kept less than 7 days, the cap on Runflow's URL deadlines: a
 * redelivered callback must find the tombstone for as long as its URLs could still be fetched.
 */
@ApplicationScoped
public class RetentionWorker {

    private static final Logger LOG = Logger.getLogger(RetentionWorker.class);

    private static final String EXPIRED_JOBS = """
            SELECT j.headshots_id, j.tenant_id FROM headshot_job j JOIN tenant t ON t.id = j.tenant_id
            WHERE j.status IN ('COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED')
              AND j.completed_at < now() - least(t.retention_images, make_interval(secs => $1))
            ORDER BY j.completed_at LIMIT $2""";

    private static final String EXPIRED_TOMBSTONES = """
            DELETE FROM headshot_job WHERE headshots_id IN (
                SELECT j.headshots_id FROM headshot_job j JOIN tenant t ON t.id = j.tenant_id
                WHERE j.status = 'DELETED'
                  AND j.deleted_at < now() - least(t.retention_tombstones, make_interval(secs => $1))
                LIMIT $2)""";

    private final Pool pool;
    private final ErasureRequests erasures;
    private final ErasureWorker worker;
    private final Vertx vertx;
    private final LifecycleConfig config;
    private final Double images;
    private final double tombstones;
    private long timer = -1;

    public RetentionWorker(Pool pool, ErasureRequests erasures, ErasureWorker worker, Vertx vertx, LifecycleConfig config,
            RetentionConfig retention) {
        if (retention.tombstones().compareTo(RetentionConfig.MIN_TOMBSTONES) < 0) {
            throw new IllegalStateException("headshots.retention.tombstones must be at least 7d (the cap on Runflow's URL "
                    + "deadlines), not " + retention.tombstones());
        }
        this.pool = pool;
        this.erasures = erasures;
        this.worker = worker;
        this.vertx = vertx;
        this.config = config;
        this.images = retention.images().map(RetentionWorker::seconds).orElse(null);
        this.tombstones = seconds(retention.tombstones());
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(config.retentionInterval().toMillis(), tick -> round()
                .subscribe().with(done -> {
                }, failure -> LOG.warnf("Retention round failed, tried again in %s: %s", config.retentionInterval(),
                        failure.getMessage())));
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /**
     * One round: erasures asked for the jobs past their images' retention, and expired tombstones removed; yields both counts.
     */
    public Uni<Round> round() {
        return pool.preparedQuery(EXPIRED_JOBS).execute(Tuple.of(images, config.retentionBatch()))
                .chain(rows -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(row -> erase(row.getUUID("headshots_id"),
                                row.getString("tenant_id")))
                        .collect().asList())
                .invoke(erased -> {
                    if (!erased.isEmpty()) {
                        LOG.infof("Retention: erasure asked for %d job(s) past their images' retention", erased.size());
                        worker.wake();
                    }
                })
                .chain(erased -> pool.preparedQuery(EXPIRED_TOMBSTONES).execute(Tuple.of(tombstones,
                        config.retentionBatch()))
                        .map(RowSet::rowCount)
                        .map(removed -> new Round(erased.size(), removed)));
    }

    /** What a round did: erasures asked for, and tombstones removed. */
    public record Round(int erased, int tombstonesRemoved) {
    }

    private Uni<UUID> erase(UUID id, String tenantId) {
        return erasures.request(id, tenantId, ErasureRequests.Reason.RETENTION).replaceWith(id);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
