package dev.headshots.ingest.retry;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.RetryConfig;
import dev.headshots.ingest.copy.ImageCopier;
import dev.headshots.ingest.lease.ClaimLoop;
import dev.headshots.ingest.lease.LeaseKeeper;
import dev.headshots.ingest.ops.Dependency;
import dev.headshots.ingest.ops.DependencyGate;
import dev.headshots.ingest.ops.ShutdownGate;
import dev.headshots.ingest.tenant.Tenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * Works the retry queue in Postgres ({@link RetryQueue}, a leased table). Every {@code headshots.retry.poll-interval} it claims
 * due images of any job, as many as this instance has idle download slots (at most {@code batch-size}), so any number of
 * instances share the queue without taking the same image; due are retries whose time has come, images never tried, and claims
 * of instances whose lease ran out. The {@code LeaseKeeper} renews this instance's claims and gives them back when it shuts
 * down. Every 10 s it also deletes kept source URLs once their deadline passes, and finishes the jobs an instance that died
 * left with every image settled but the job not finished.
 * <p>
 * It claims nothing while shutdown is under way, or while Postgres or the bucket is down.
 */
@ApplicationScoped
public class RetryWorker {

    private static final Logger LOG = Logger.getLogger(RetryWorker.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(10);

    private final ImageCopier copier;
    private final RetryQueue queue;
    private final LeaseKeeper keeper;
    private final Vertx vertx;
    private final RetryConfig config;
    private final ClaimLoop loop;
    private final MultiGauge retrying;
    private long housekeeping = -1;

    public RetryWorker(ImageCopier copier, RetryQueue queue, LeaseKeeper keeper, ShutdownGate shutdown,
            DependencyGate dependencies, Vertx vertx, RetryConfig config, MeterRegistry registry) {
        this.copier = copier;
        this.queue = queue;
        this.keeper = keeper;
        this.vertx = vertx;
        this.config = config;
        Counter claimed = Counter.builder("headshots.retry.claims")
                .description("Due images claimed from the retry queue: retries, and claims taken over from lapsed leases")
                .register(registry);
        this.retrying = MultiGauge.builder("headshots.images.retrying")
                .description("Images waiting for their next attempt, across all instances, by tenant")
                .register(registry);
        this.loop = new ClaimLoop("the retry queue",
                () -> !shutdown.isClosing() && !dependencies.isDown(Dependency.POSTGRES)
                        && !dependencies.isDown(Dependency.OBJECT_STORE),
                () -> Math.min(this.config.batchSize(), copier.idleSlots()),
                limit -> copier.startDue(limit).invoke(count -> claimed.increment(count)));
    }

    void start(@Observes StartupEvent startup) {
        keeper.keep(RetryQueue.IMAGES);
        loop.start(vertx, config.pollInterval());
        housekeeping = vertx.setPeriodic(HOUSEKEEPING.toMillis(), tick -> housekeeping());
    }

    /** Stops looking for work; the {@code LeaseKeeper} gives this instance's claims back. */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        loop.stop(vertx);
        vertx.cancelTimer(housekeeping);
    }

    /** Claims due images and starts their attempts until none are due or no download slot is idle. Never waits. */
    public void wake() {
        loop.wake();
    }

    private void housekeeping() {
        queue.forgetLapsedSources()
                .chain(copier::finishStranded)
                .chain(queue::countRetrying)
                .subscribe().with(this::showRetrying,
                        failure -> LOG.debugf("Retry housekeeping failed: %s", failure.getMessage()));
    }

    /**
     * One series per tenant with images retrying; a tenant whose retries are over drops out, but for {@code default}, which
     * always shows, as the gauge did before tenants.
     */
    private void showRetrying(Map<String, Long> byTenant) {
        Map<String, Long> shown = new HashMap<>(byTenant);
        shown.putIfAbsent(Tenant.DEFAULT, 0L);
        retrying.register(shown.entrySet().stream()
                .map(count -> MultiGauge.Row.of(Tags.of("tenant", count.getKey()), count.getValue()))
                .toList(), true);
    }
}
