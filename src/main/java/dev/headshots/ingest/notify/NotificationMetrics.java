package dev.headshots.ingest.notify;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The notifications' meters: {@code headshots_notifications_total{outcome,tenant}} per attempt ({@code delivered},
 * {@code retrying}, {@code failed}, {@code endpoint_disabled}), {@code headshots_notification_latency_seconds} from an event's
 * decision (its job's terminal status) to its delivery, and, read from Postgres every 5 s across all instances, the backlog
 * ({@code headshots_notifications_backlog}: deliveries not settled), the age of its oldest
 * ({@code headshots_notifications_oldest_seconds}) and the tenants whose endpoint a 410 disabled
 * ({@code headshots_notify_endpoints_disabled}).
 */
@ApplicationScoped
public class NotificationMetrics {

    private static final Logger LOG = Logger.getLogger(NotificationMetrics.class);
    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final String COUNTS = """
            SELECT (SELECT count(*) FROM notification WHERE status IN ('PENDING', 'SENDING')) AS backlog,
                   (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM notification
                    WHERE status IN ('PENDING', 'SENDING')) AS oldest,
                   (SELECT count(*) FROM tenant WHERE notify_disabled_at IS NOT NULL) AS disabled""";

    private final MeterRegistry registry;
    private final Pool pool;
    private final Vertx vertx;
    private final Timer latency;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestSeconds = new AtomicLong();
    private final AtomicLong disabled = new AtomicLong();
    private long timer = -1;

    public NotificationMetrics(MeterRegistry registry, Pool pool, Vertx vertx) {
        this.registry = registry;
        this.pool = pool;
        this.vertx = vertx;
        this.latency = Timer.builder("headshots.notification.latency")
                .description("From an event's decision (its job's terminal status) to its delivery's 2xx answer")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("headshots.notifications.backlog", backlog, AtomicLong::get)
                .description("Deliveries not yet settled (pending or in flight), across all instances")
                .register(registry);
        Gauge.builder("headshots.notifications.oldest", oldestSeconds, AtomicLong::get)
                .description("Age of the oldest delivery not yet settled, across all instances")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("headshots.notify.endpoints.disabled", disabled, AtomicLong::get)
                .description("Tenants whose notify_url a 410 Gone disabled")
                .register(registry);
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(REFRESH.toMillis(), tick -> refresh());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timer);
    }

    /** One attempt's outcome for a tenant's delivery. */
    void counted(String outcome, String tenant) {
        Counter.builder("headshots.notifications")
                .description("Notification attempts by outcome: delivered, retrying, failed, endpoint_disabled")
                .tags("outcome", outcome, "tenant", tenant)
                .register(registry)
                .increment();
    }

    void delivered(Duration sinceDecision) {
        latency.record(sinceDecision);
    }

    private void refresh() {
        pool.query(COUNTS).execute().subscribe().with(rows -> {
            Row row = rows.iterator().next();
            backlog.set(row.getLong("backlog"));
            oldestSeconds.set((long) row.getDouble("oldest").doubleValue());
            disabled.set(row.getLong("disabled"));
        }, failure -> LOG.debugf("Notification counts could not be read: %s", failure.getMessage()));
    }
}
