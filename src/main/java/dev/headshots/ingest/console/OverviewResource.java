package dev.headshots.ingest.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code GET /console/overview}: the user's jobs by status over the last 24 hours (one grouped statement), and for an admin the
 * retry queue's depth and oldest due image, the outbox and notification backlogs, and each dependency's health. The backlogs
 * are read from the gauges {@code /q/metrics} exports (the same meters in the same registry), so the two never disagree; the
 * oldest due image, which no gauge exports, is one indexed statement. Dependencies are this instance's readiness checks, read
 * from the same health reporter that answers {@code /q/health/ready}: PostgreSQL, Kafka and the bucket.
 */
@Path("/console/overview")
@Produces(MediaType.TEXT_HTML)
public class OverviewResource {

    private static final String BY_STATUS = """
            SELECT status, count(*) AS jobs FROM headshot_job
            WHERE created_at > now() - interval '24 hours' AND ($1::varchar IS NULL OR tenant_id = $1)
            GROUP BY status""";

    private static final String OLDEST_DUE = """
            SELECT min(next_attempt_at) AS oldest FROM headshot_image WHERE status IN ('PENDING', 'RETRYING')""";

    private final Pool pool;
    private final MeterRegistry registry;
    private final SmallRyeHealthReporter health;

    public OverviewResource(Pool pool, MeterRegistry registry, SmallRyeHealthReporter health) {
        this.pool = pool;
        this.registry = registry;
        this.health = health;
    }

    @GET
    @Operation(hidden = true)
    public Uni<RestResponse<String>> overview(RoutingContext request) {
        ConsoleUser user = ConsoleUser.of(request);
        return pool.preparedQuery(BY_STATUS).execute(Tuple.of(user.scope(null))).chain(rows -> {
            List<Overview.Count> jobs = new ArrayList<>();
            long total = 0;
            for (String status : Pages.statuses()) {
                long count = 0;
                for (Row row : rows) {
                    if (row.getString("status").equals(status)) {
                        count = row.getLong("jobs");
                    }
                }
                total += count;
                jobs.add(new Overview.Count(status, status.toLowerCase(), count));
            }
            long all = total;
            if (!user.isAdmin()) {
                return Uni.createFrom().item(new Overview(false, jobs, all, List.of(), List.of()));
            }
            return pool.preparedQuery(OLDEST_DUE).execute().chain(oldest -> health.getReadinessAsync()
                    .map(ready -> new Overview(true, jobs, all, queues(JobList.instant(oldest.iterator().next(), "oldest")),
                            dependencies(ready.getPayload()))));
        }).chain(overview -> Pages.ok(Pages.overview(Pages.Nav.of(user, "overview"), overview)));
    }

    private List<Overview.Number> queues(Instant oldestDue) {
        String oldest = oldestDue == null
                ? "none waiting"
                : oldestDue.isAfter(Instant.now())
                        ? "next due in " + Words.duration(Duration.between(Instant.now(), oldestDue))
                        : "due for " + Words.duration(Duration.between(oldestDue, Instant.now()));
        return List.of(
                new Overview.Number("Images waiting for a retry", gauge("headshots.images.retrying"),
                        "headshots_images_retrying"),
                new Overview.Number("Oldest due image", oldest, ""),
                new Overview.Number("Events not yet published (outbox)", gauge("headshots.outbox.pending"),
                        "headshots_outbox_pending"),
                new Overview.Number("Notifications not yet delivered", gauge("headshots.notifications.backlog"),
                        "headshots_notifications_backlog"),
                new Overview.Number("Oldest undelivered notification", gauge("headshots.notifications.oldest") + " s",
                        "headshots_notifications_oldest_seconds"));
    }

    /** The sum of the gauges named {@code name} (a multi-gauge has one per tenant). */
    private String gauge(String name) {
        double sum = registry.find(name).gauges().stream().mapToDouble(Gauge::value).filter(v -> !Double.isNaN(v)).sum();
        return Long.toString(Math.round(sum));
    }

    /**
     * Every readiness check of this instance, as {@code /q/health/ready} (and so Kubernetes) sees it: Postgres, Kafka (the
     * messaging channels), the bucket.
     */
    static List<Overview.Health> dependencies(JsonObject readiness) {
        List<Overview.Health> checks = new ArrayList<>();
        for (JsonValue value : readiness.getJsonArray("checks")) {
            JsonObject check = value.asJsonObject();
            String name = check.getString("name", "?");
            checks.add(new Overview.Health(label(name), "UP".equals(check.getString("status", "DOWN")), name));
        }
        return checks;
    }

    private static String label(String check) {
        String name = check.toLowerCase(Locale.ROOT);
        if (name.contains("messaging") || name.contains("kafka")) {
            return "Kafka (callbacks in, events out)";
        }
        if (name.contains("postgres") || name.contains("datasource")) {
            return "PostgreSQL (job state, sessions, queues)";
        }
        if (name.contains("object-store")) {
            return "Object storage (our bucket of images)";
        }
        return check;
    }
}
