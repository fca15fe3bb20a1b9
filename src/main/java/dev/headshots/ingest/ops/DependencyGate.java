package dev.headshots.ingest.ops;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Whether this instance can keep a callback right now. Every {@code headshots.ops.probe-interval} it probes Postgres
 * ({@code SELECT 1}) and our bucket (the object store's bucket check), each bounded by {@code probe-timeout}, without blocking
 * a thread; a callback arriving while either is down, or once shutdown has begun, is refused with 503 and {@code Retry-After}
 * instead of being accepted into Kafka for a pipeline that cannot store it. The gate opens again by itself with the first probe
 * that succeeds. Until the first probe completes, everything counts as up.
 */
@Startup
@ApplicationScoped
public class DependencyGate {

    private static final Logger LOG = Logger.getLogger(DependencyGate.class);
    private static final Duration SHUTDOWN_RETRY_AFTER = Duration.ofSeconds(1);

    private final ShutdownGate shutdown;
    private final Map<Dependency, Supplier<Uni<?>>> probes;
    private final OpsConfig ops;
    private final Duration retryAfter;
    private final AtomicBoolean probing = new AtomicBoolean();
    private final Cancellable ticks;
    private volatile Set<Dependency> down = EnumSet.noneOf(Dependency.class);

    public DependencyGate(Pool pool, BucketProbe bucket, ShutdownGate shutdown, OpsConfig ops,
            WebhookConfig webhook) {
        this.shutdown = shutdown;
        this.ops = ops;
        this.retryAfter = webhook.retryAfter();
        this.probes = Map.of(
                Dependency.POSTGRES, () -> pool.query("SELECT 1").execute(),
                Dependency.OBJECT_STORE, bucket::checkBucket);
        this.ticks = Multi.createFrom().ticks().every(ops.probeInterval())
                .subscribe().with(tick -> probe());
    }

    /** Refuses a callback with 503 while a dependency is down or shutdown has begun. */
    public void requireOpen() {
        if (shutdown.isClosing()) {
            throw unavailable("This instance is shutting down", SHUTDOWN_RETRY_AFTER);
        }
        if (!down.isEmpty()) {
            throw unavailable("A service this callback needs is unavailable", retryAfter);
        }
    }

    /** Whether the last probe found {@code dependency} down. */
    public boolean isDown(Dependency dependency) {
        return down.contains(dependency);
    }

    /**
     * Probes every dependency at once, unless the previous round is still running or shutdown has begun (the pools are being
     * closed then, and the shutdown gate refuses callbacks anyway).
     */
    void probe() {
        if (shutdown.isClosing() || !probing.compareAndSet(false, true)) {
            return;
        }
        List<Uni<Optional<Dependency>>> round = probes.entrySet().stream()
                .map(entry -> probe(entry.getKey(), entry.getValue()))
                .toList();
        Uni.join().all(round).andFailFast()
                .eventually(() -> probing.set(false))
                .subscribe().with(this::record, failure -> LOG.debugf("dependency probe failed: %s", failure));
    }

    /** The dependency if it did not answer in time, nothing if it did. */
    private Uni<Optional<Dependency>> probe(Dependency dependency, Supplier<Uni<?>> check) {
        return Uni.createFrom().deferred(check)
                .ifNoItem().after(ops.probeTimeout()).fail()
                .map(ok -> Optional.<Dependency>empty())
                .onFailure().recoverWithItem(Optional.of(dependency));
    }

    private void record(List<Optional<Dependency>> results) {
        Set<Dependency> now = EnumSet.noneOf(Dependency.class);
        results.forEach(result -> result.ifPresent(now::add));
        if (!now.equals(down)) {
            LOG.warnf("Callback intake %s; dependencies down: %s", now.isEmpty() ? "open again" : "closed", now);
        }
        down = now;
    }

    private static ProblemException unavailable(String why, Duration retryAfter) {
        return new ProblemException(ProblemKind.UNAVAILABLE, why + "; retry later.", List.of(), retryAfter);
    }

    @PreDestroy
    void stop() {
        ticks.cancel();
    }
}
