package dev.headshots.ingest.retry;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.IngestConfig;
import dev.headshots.ingest.copy.ImageCopier;
import dev.headshots.ingest.intake.JobStore;
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
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Works the retry queue in Postgres. Every {@code headshots.retry.poll-interval} it claims due images of any job, as many as
 * this instance has idle download slots (at most {@code batch-size}), with {@code FOR UPDATE SKIP LOCKED}, so any number of
 * instances share the queue without taking the same image; due are retries whose time has come, images never tried, and claims
 * of instances whose lease ran out. It keeps this instance's own claims alive by renewing their lease every third of its
 * length, gives them back when the instance shuts down, deletes kept source URLs once their deadline passes, and finishes the
 * jobs an instance that died left with every image settled but the job not finished.
 * <p>
 * It claims nothing while shutdown is under way, or while Postgres or the bucket is down.
 */
@ApplicationScoped
public class RetryWorker {

    private static final Logger LOG = Logger.getLogger(RetryWorker.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(10);
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(3);

    private final ImageCopier copier;
    private final JobStore jobs;
    private final Leases leases;
    private final ShutdownGate shutdown;
    private final DependencyGate dependencies;
    private final Vertx vertx;
    private final IngestConfig.Retry config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final MultiGauge retrying;
    private final Counter claimed;
    private long[] timers = {};

    public RetryWorker(ImageCopier copier, JobStore jobs, Leases leases, ShutdownGate shutdown, DependencyGate dependencies,
            Vertx vertx, IngestConfig config, MeterRegistry registry) {
        this.copier = copier;
        this.jobs = jobs;
        this.leases = leases;
        this.shutdown = shutdown;
        this.dependencies = dependencies;
        this.vertx = vertx;
        this.config = config.retry();
        this.claimed = Counter.builder("headshots.retry.claims")
                .description("Due images claimed from the retry queue: retries, and claims taken over from lapsed leases")
                .register(registry);
        this.retrying = MultiGauge.builder("headshots.images.retrying")
                .description("Images waiting for their next attempt, across all instances, by tenant")
                .register(registry);
    }

    void start(@Observes StartupEvent startup) {
        LOG.infof("Retry queue: this instance claims images as %s, for leases of %s", leases.owner(), leases.length());
        timers = new long[]{
                vertx.setPeriodic(config.pollInterval().toMillis(), tick -> wake()),
                vertx.setPeriodic(Math.max(1, leases.length().toMillis() / 3), tick -> renew()),
                vertx.setPeriodic(HOUSEKEEPING.toMillis(), tick -> housekeeping())
        };
    }

    /**
     * Runs before the datasource closes: stops the timers and gives this instance's claims back, due at once, so another
     * instance resumes them without waiting for the lease to run out. A copy still finishing after this is still recorded if it
     * succeeds.
     */
    void stop(@Observes @Priority(1) ShutdownEvent event) {
        for (long timer : timers) {
            vertx.cancelTimer(timer);
        }
        try {
            Integer released = jobs.release(leases.owner()).await().atMost(RELEASE_TIMEOUT);
            if (released > 0) {
                LOG.infof("Released %d claimed image(s) for another instance", released);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Claims could not be released; they are taken over when their lease runs out: %s", e.getMessage());
        }
    }

    /**
     * Claims due images and starts their attempts until none are due or no download slot is idle. Never waits for the attempts;
     * a run of claims in progress is not doubled.
     */
    public void wake() {
        if (!mayClaim() || !running.compareAndSet(false, true)) {
            return;
        }
        Multi.createBy().repeating()
                .uni(() -> {
                    int limit = Math.min(config.batchSize(), copier.idleSlots());
                    return limit == 0 || !mayClaim()
                            ? Uni.createFrom().item(Boolean.FALSE)
                            : copier.startDue(limit).invoke(count -> claimed.increment(count)).map(count -> count == limit);
                })
                .whilst(Boolean::booleanValue)
                .collect().last()
                .eventually(() -> running.set(false))
                .subscribe().with(done -> {
                }, failure -> LOG.warnf("Retry queue could not be worked, will try again: %s", failure.getMessage()));
    }

    private boolean mayClaim() {
        return !shutdown.isClosing() && !dependencies.isDown(Dependency.POSTGRES)
                && !dependencies.isDown(Dependency.OBJECT_STORE);
    }

    private void renew() {
        jobs.renew(leases.owner(), leases.length())
                .subscribe().with(renewed -> {
                }, failure -> LOG.warnf("Leases could not be renewed: %s", failure.getMessage()));
    }

    private void housekeeping() {
        jobs.forgetLapsedSources()
                .chain(copier::finishStranded)
                .chain(jobs::countRetrying)
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
