package dev.headshots.ingest.lifecycle;

import java.time.Instant;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.headshots.ingest.copy.ObjectStore;
import dev.headshots.ingest.lease.ClaimLoop;
import dev.headshots.ingest.lease.LeaseKeeper;
import dev.headshots.ingest.ops.Dependency;
import dev.headshots.ingest.ops.DependencyGate;
import dev.headshots.ingest.ops.ShutdownGate;
import dev.headshots.ingest.outbox.EventsWritten;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Works the erasure queue ({@link ErasureQueue}) with the shared claim loop: each claimed erasure gets one pass, which removes
 * the open uploads and objects under the job's prefix ({@link PrefixSweep}) and the photos of its run. A pass that removed
 * something, or that ran before the copies in flight must have ended, is followed by another (at once, or at
 * {@code settle_until}); the first pass after that which finds nothing ends the erasure. A pass that fails (the bucket down) is
 * tried again after {@code headshots.lifecycle.erasure-retry}. Nothing is claimed during shutdown, or while Postgres or the
 * bucket is down; the {@code LeaseKeeper} renews and gives back this instance's claims.
 */
@ApplicationScoped
public class ErasureWorker {

    private static final Logger LOG = Logger.getLogger(ErasureWorker.class);

    private final ErasureQueue queue;
    private final PrefixSweep sweep;
    private final ObjectStore store;
    private final LeaseKeeper keeper;
    private final Event<EventsWritten> written;
    private final Vertx vertx;
    private final LifecycleConfig config;
    private final ClaimLoop loop;

    public ErasureWorker(ErasureQueue queue, PrefixSweep sweep, ObjectStore store, LeaseKeeper keeper,
            Event<EventsWritten> written, Vertx vertx, LifecycleConfig config, ShutdownGate shutdown,
            DependencyGate dependencies) {
        this.queue = queue;
        this.sweep = sweep;
        this.store = store;
        this.keeper = keeper;
        this.written = written;
        this.vertx = vertx;
        this.config = config;
        this.loop = new ClaimLoop("the erasure queue",
                () -> !shutdown.isClosing() && !dependencies.isDown(Dependency.POSTGRES)
                        && !dependencies.isDown(Dependency.OBJECT_STORE),
                () -> config.erasureConcurrency(), this::claimAndPass);
    }

    void start(@Observes StartupEvent startup) {
        keeper.keep(ErasureQueue.ERASURES);
        loop.start(vertx, config.erasurePollInterval());
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) {
        loop.stop(vertx);
    }

    /** Claims due erasures and makes a pass over each. */
    public void wake() {
        loop.wake();
    }

    /** Passes run to their end before the next claim, so at most {@code erasure-concurrency} run at once. */
    private Uni<Integer> claimAndPass(int limit) {
        return queue.claim(limit, keeper.leases())
                .chain(claimed -> io.smallrye.mutiny.Multi.createFrom().iterable(claimed)
                        .onItem().transformToUni(this::pass).merge(limit)
                        .collect().asList()
                        .replaceWith(claimed.size()));
    }

    private Uni<Void> pass(ErasureQueue.Claimed erasure) {
        String owner = keeper.leases().owner();
        String prefix = erasure.keyPrefix() + erasure.headshotsId() + "/";
        return sweep.sweep(store.bucketOr(erasure.bucket()), prefix)
                .call(() -> erasure.photoKeys().isEmpty() ? Uni.createFrom().voidItem() : store.delete(erasure.photoKeys()))
                .chain(removed -> {
                    if (removed == 0 && erasure.settled()) {
                        return queue.finish(erasure.headshotsId(), owner).invoke(finished -> {
                            if (finished) {
                                LOG.infof("job %s: erased; every object is gone", erasure.headshotsId());
                                written.fire(new EventsWritten());
                            }
                        }).replaceWithVoid();
                    }
                    Instant next = removed > 0 || erasure.settleUntil().isBefore(Instant.now())
                            ? Instant.now()
                            : erasure.settleUntil();
                    return queue.passed(erasure.headshotsId(), owner, next, removed, null);
                })
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("job %s: erasure pass failed, tried again in %s: %s", erasure.headshotsId(),
                            config.erasureRetry(), failure.getMessage());
                    return queue.passed(erasure.headshotsId(), owner, Instant.now().plus(config.erasureRetry()), 0,
                            truncate(failure.getMessage()));
                })
                .onFailure().recoverWithNull();
    }

    private static String truncate(String message) {
        String text = message == null ? "failed" : message;
        return text.length() <= 200 ? text : text.substring(0, 200);
    }
}
