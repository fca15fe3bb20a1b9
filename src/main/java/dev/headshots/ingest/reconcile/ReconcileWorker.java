package dev.headshots.ingest.reconcile;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.headshots.ingest.lease.LeaseKeeper;
import dev.headshots.ingest.ops.Dependency;
import dev.headshots.ingest.ops.DependencyGate;
import dev.headshots.ingest.ops.ShutdownGate;
import dev.headshots.ingest.runflow.RunflowConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Works the reconciliation queue: every {@code headshots.runflow.reconcile-interval} it claims jobs that have had no callback
 * for {@code reconcile-after} (at most {@code reconcile-batch-size}, {@link ReconcileStore}) and reconciles
 * {@value #CONCURRENCY} at a time ({@link Reconciler}); the claims make one instance, and one only, handle each job. It also
 * deletes the photos of runs that are over ({@link PhotoPurge}). It claims nothing while shutdown is under way or Postgres is
 * down; the {@link LeaseKeeper} renews its claims while it works and gives them back when the instance shuts down, so another
 * instance takes them over at once.
 */
@ApplicationScoped
public class ReconcileWorker {

    static final int CONCURRENCY = 4;
    private static final Logger LOG = Logger.getLogger(ReconcileWorker.class);

    private final ReconcileStore store;
    private final Reconciler reconciler;
    private final PhotoPurge photos;
    private final LeaseKeeper keeper;
    private final ShutdownGate shutdown;
    private final DependencyGate dependencies;
    private final Vertx vertx;
    private final RunflowConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public ReconcileWorker(ReconcileStore store, Reconciler reconciler, PhotoPurge photos, LeaseKeeper keeper,
            ShutdownGate shutdown, DependencyGate dependencies, Vertx vertx, RunflowConfig config) {
        this.store = store;
        this.reconciler = reconciler;
        this.photos = photos;
        this.keeper = keeper;
        this.shutdown = shutdown;
        this.dependencies = dependencies;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        LOG.infof("Reconciliation: jobs without a callback after %s are %s; TIMED_OUT after %s; looked for every %s",
                config.reconcileAfter(), config.api() == RunflowConfig.Api.RUNS
                        ? "polled (runs API)"
                        : "polled if submitted as runs, timed out if legacy",
                config.callbackDeadline(), config.reconcileInterval());
        keeper.keep(ReconcileStore.JOBS);
        timer = vertx.setPeriodic(config.reconcileInterval().toMillis(), tick -> wake());
    }

    /** Stops looking for work; the {@code LeaseKeeper} gives this instance's claims back. */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** Claims due jobs and reconciles them, then deletes the photos of finished runs; a run in progress is not doubled. */
    public void wake() {
        if (shutdown.isClosing() || dependencies.isDown(Dependency.POSTGRES) || !running.compareAndSet(false, true)) {
            return;
        }
        store.claim(keeper.leases(), config.reconcileBatchSize())
                .chain(this::reconcileAll)
                .chain(photos::deleteFinished)
                .eventually(() -> running.set(false))
                .subscribe().with(done -> {
                }, failure -> LOG.warnf("Reconciliation could not run, will try again: %s", failure.getMessage()));
    }

    private Uni<Void> reconcileAll(List<ReconcileStore.Claimed> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(jobs)
                .onItem().transformToUni(job -> reconciler.reconcile(job)
                        .onFailure().invoke(failure -> LOG.warnf("job %s could not be reconciled; it is due again when "
                                + "its claim lapses: %s", job.id(), failure.getMessage()))
                        .onFailure().recoverWithNull())
                .merge(CONCURRENCY)
                .collect().last()
                .replaceWithVoid();
    }
}
