package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;

/**
 * The alerts and the Grafana dashboard query only {@code headshots_*} series that the code registers (found in
 * {@code src/main/java} by their Micrometer builders and named as Micrometer's Prometheus registry exports them); every meter
 * of the code is on the dashboard, and the outbox's are alerted on; and the rules select the scrape job of the ServiceMonitor,
 * which Prometheus names after the Service.
 */
class MetricsReferencesTest {

    /**
     * Series whose alerts guard the outbox (its backlog, its failures, a relay that stopped running) and the notifications (a
     * growing backlog, a disabled endpoint).
     */
    private static final Set<String> ALERTED = Set.of("headshots_outbox_pending", "headshots_outbox_failures_total",
            "headshots_outbox_runs_total", "headshots_notifications_backlog", "headshots_notifications_oldest_seconds",
            "headshots_notify_endpoints_disabled", "headshots_notifications_total");

    private static final Pattern METER = Pattern.compile(
            "(Counter|Timer|DistributionSummary|Gauge)\\.builder\\(\\s*\"(headshots\\.[a-z0-9.]+)\"(.*?)\\.register\\(",
            Pattern.DOTALL);
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*\"([a-z]+)\"");
    private static final Pattern SERIES = Pattern.compile("\\bheadshots_[a-z0-9_]+");

    private final Manifests prod = Manifests.of("overlays/prod");

    @Test
    void rulesAndDashboardQueryOnlySeriesTheCodeExports() {
        Set<String> exported = exportedSeries();
        Set<String> referenced = new TreeSet<>(seriesIn(ruleExpressions()));
        referenced.addAll(seriesIn(dashboardExpressions()));
        assertThat(referenced).isNotEmpty();
        Set<String> missing = new TreeSet<>(referenced);
        missing.removeAll(exported);
        assertThat(missing).as("queried but never registered").isEmpty();
    }

    @Test
    void theOutboxAndTheNotificationsAreAlertedOn() {
        assertThat(exportedSeries()).containsAll(ALERTED);
        assertThat(seriesIn(ruleExpressions())).containsAll(ALERTED);
    }

    @Test
    void jobsThatTimeOutWaitingForRunflowAreAlertedOn() {
        assertThat(exportedSeries()).contains("headshots_jobs_timed_out_total", "headshots_reconcile_polls_total",
                "headshots_reconcile_redeliveries_total", "headshots_runflow_events_total");
        assertThat(seriesIn(ruleExpressions())).contains("headshots_jobs_timed_out_total");
    }

    @Test
    void everyMeterOfTheCodeIsOnTheDashboard() {
        Set<String> onDashboard = seriesIn(dashboardExpressions());
        for (Meter meter : meters()) {
            assertThat(onDashboard).as(meter.name() + " is not on the dashboard").containsAnyElementsOf(meter.series());
        }
    }

    @Test
    void rulesSelectTheServiceMonitorsJob() {
        String job = prod.one(Service.class).getMetadata().getName();
        assertThat(prod.oneCustom("ServiceMonitor").<String>get("spec", "jobLabel")).isNull();
        assertThat(ruleExpressions()).allSatisfy(expr -> assertThat(expr).contains("job=\"" + job + "\""));
    }

    private static Set<String> exportedSeries() {
        Set<String> series = new TreeSet<>();
        meters().forEach(meter -> series.addAll(meter.series()));
        return series;
    }

    private static List<Meter> meters() {
        List<Meter> meters = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher matcher = METER.matcher(Files.readString(file));
                while (matcher.find()) {
                    Matcher unit = BASE_UNIT.matcher(matcher.group(3));
                    meters.add(new Meter(matcher.group(1), matcher.group(2), unit.find() ? unit.group(1) : "",
                            matcher.group(3).contains(".publishPercentileHistogram(")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(meters).as("meters found in src/main/java").isNotEmpty();
        return meters;
    }

    private List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        List<Map<String, Object>> groups = prod.oneCustom("PrometheusRule").get("spec", "groups");
        groups.forEach(group -> rules.addAll(GenericKubernetesResource.get(group, "rules")));
        return rules;
    }

    private List<String> ruleExpressions() {
        return rules().stream().map(rule -> String.valueOf(rule.get("expr"))).toList();
    }

    /** The queries of every panel of the dashboard as deployed, i.e. from the rendered ConfigMap. */
    private List<String> dashboardExpressions() {
        String json = prod.configMap("headshots-ingest-dashboard").getData().get("headshots-ingest.json");
        List<String> expressions = new ArrayList<>();
        try {
            new ObjectMapper().readTree(json).findValues("targets").forEach(targets -> {
                for (JsonNode target : targets) {
                    expressions.add(target.path("expr").asText());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(expressions).as("dashboard queries").isNotEmpty();
        return expressions;
    }

    private static Set<String> seriesIn(List<String> expressions) {
        Set<String> series = new TreeSet<>();
        expressions.forEach(expr -> SERIES.matcher(expr).results().forEach(match -> series.add(match.group())));
        return series;
    }

    /**
     * A meter as registered in the code: its type, its dotted name, its base unit ("" if none), and whether it publishes a
     * histogram (whose buckets a dashboard may query for percentiles).
     */
    private record Meter(String type, String name, String baseUnit, boolean histogram) {

        /** The series Micrometer's Prometheus registry exports for this meter. */
        Set<String> series() {
            String base = name.replace('.', '_') + (baseUnit.isEmpty() ? "" : "_" + baseUnit);
            return switch (type) {
                case "Counter" -> Set.of(base + "_total");
                case "Timer" -> histogram
                        ? Set.of(base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max",
                                base + "_seconds_bucket")
                        : Set.of(base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max");
                case "DistributionSummary" -> Set.of(base + "_count", base + "_sum", base + "_max");
                default -> Set.of(base);
            };
        }
    }
}
