package dev.headshots.ingest.notify;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.headshots.ingest.lease.ClaimLoop;
import dev.headshots.ingest.lease.LeaseKeeper;
import dev.headshots.ingest.ops.Dependency;
import dev.headshots.ingest.ops.DependencyGate;
import dev.headshots.ingest.ops.ShutdownGate;
import dev.headshots.ingest.outbox.EventsWritten;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

/**
 * Works the notification deliveries ({@link Deliveries#TABLE}, a leased table like the image retry queue): every
 * {@code headshots.notify.poll-interval}, whenever events were written, and whenever one of its deliveries settles, it claims
 * due deliveries up to its free room ({@code concurrency} in flight per instance) and makes one attempt at each. The
 * {@code LeaseKeeper} renews its claims and gives them back when the instance shuts down, when it claims no more.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    private final DeliverNotification deliver;
    private final LeaseKeeper keeper;
    private final Vertx vertx;
    private final NotifyConfig config;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ClaimLoop loop;

    public DeliveryWorker(DeliverNotification deliver, Deliveries deliveries, LeaseKeeper keeper, ShutdownGate shutdown,
            DependencyGate dependencies, Vertx vertx, NotifyConfig config) {
        this.deliver = deliver;
        this.keeper = keeper;
        this.vertx = vertx;
        this.config = config;
        this.loop = new ClaimLoop("notification deliveries",
                () -> !shutdown.isClosing() && !dependencies.isDown(Dependency.POSTGRES),
                () -> config.concurrency() - inFlight.get(),
                limit -> deliveries.claim(limit, config.perHostConcurrency(), keeper.leases())
                        .invoke(claimed -> claimed.forEach(this::start))
                        .map(List::size));
    }

    void start(@Observes StartupEvent startup) {
        keeper.keep(Deliveries.TABLE);
        loop.start(vertx, config.pollInterval());
    }

    void stop(@Observes @Priority(1) ShutdownEvent event) {
        loop.stop(vertx);
    }

    void written(@Observes EventsWritten written) {
        loop.wake();
    }

    /** Looks for due deliveries now. */
    public void wake() {
        loop.wake();
    }

    private void start(Deliveries.Claimed delivery) {
        inFlight.incrementAndGet();
        deliver.attempt(delivery, keeper.leases())
                .eventually(() -> {
                    inFlight.decrementAndGet();
                    loop.wake();
                })
                .subscribe().with(done -> {
                }, failure -> LOG.warnf("event %s: delivery attempt ended abnormally: %s", delivery.eventId(),
                        failure.getMessage()));
    }
}
