package dev.headshots.ingest.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged service (JVM mode, production profile) started on the benchmark's corner of the local stack: its own database,
 * bucket, topics and consumer group, the connection settings of {@code deploy/local/stack env} otherwise. Three settings differ
 * from production and are stated in the results: images may come from {@code localhost} over http (the local origin), the
 * per-instance ceiling of forwarded callbacks ({@code max-accepted-per-second}, 100 by default) is lifted so that the ingest
 * scenario measures the service rather than its flood guard, and the endpoint of the ceiling (a) is on ({@code bench-ceiling}).
 */
final class ServiceInstance extends ChildProcess {

    static final String SECRET = "bench-secret";
    static final String API_KEY = "bench-api-key";
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    private final String base;
    private final double readyMs;

    private ServiceInstance(String name, List<String> command, Path log, int port) {
        super(name, command, Map.of(), null, log);
        this.base = "http://127.0.0.1:" + port;
        this.readyMs = awaitReady(base + "/q/health/ready", Duration.ofSeconds(120));
    }

    /** The settings every benchmark instance gets; {@code topicIn}/{@code topicOut} choose its Kafka wiring. */
    static Map<String, String> properties(BenchSettings settings, String topicOut, String topicIn) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.port", Integer.toString(settings.servicePort()));
        p.put("quarkus.datasource.reactive.url", "postgresql://" + pg() + "/" + BenchStack.DATABASE);
        p.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + pg() + "/" + BenchStack.DATABASE);
        p.put("headshots.storage.bucket", BenchStack.BUCKET);
        p.put("headshots.webhook.secrets", SECRET);
        p.put("headshots.api.keys", API_KEY);
        p.put("headshots.webhook.max-accepted-per-second", "1000000");
        p.put("headshots.webhook.bench-ceiling", "true");
        p.put("headshots.download.allowed-hosts", "localhost");
        p.put("headshots.download.allow-private-networks", "true");
        p.put("headshots.download.max-image-bytes", Long.toString(Math.max(25L << 20, settings.bigImageBytes() + (1 << 20))));
        p.put("mp.messaging.outgoing.callbacks-out.topic", topicOut);
        p.put("mp.messaging.incoming.callbacks.topic", topicIn);
        p.put("mp.messaging.incoming.callbacks.group.id", "headshots-bench-" + settings.runId());
        p.put("mp.messaging.incoming.callbacks.dead-letter-queue.topic", BenchStack.DLQ_TOPIC);
        // Tracing as an operator switches it on, everything sampled, exported over OTLP/gRPC to the sink (OtlpSink)
        p.put("quarkus.otel.sdk.disabled", Boolean.toString(!settings.tracing()));
        if (settings.tracing()) {
            p.put("quarkus.otel.traces.sampler", "always_on");
            p.put("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + settings.otlpPort());
        }
        return p;
    }

    /** host:port of the stack's Postgres. */
    static String pg() {
        String url = BenchStack.env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/headshots");
        Matcher m = Pattern.compile("//([^/]+)/").matcher(url);
        return m.find() && m.group(1).contains(":") ? m.group(1) : "127.0.0.1:5432";
    }

    static ServiceInstance start(String name, BenchSettings settings, Map<String, String> properties) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : settings.serviceJvmOptions().trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", settings.jar().toString()));
        return new ServiceInstance(name, command, settings.out().resolve("service-" + name + ".log"), settings.servicePort());
    }

    String base() {
        return base;
    }

    double readyMs() {
        return readyMs;
    }

    /** What Quarkus itself reports ("started in 1.234s"), or -1. */
    double quarkusStartedSeconds() {
        Matcher m = STARTED.matcher(logText());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** The Prometheus text of {@code /q/metrics}, or "" if it could not be read. */
    String metrics() {
        var response = send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).timeout(Duration.ofSeconds(5)).build());
        return response.statusCode() == 200 ? response.body() : "";
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label} (or all, if empty); NaN if none. */
    static double sample(String metrics, String name, String label) {
        double sum = 0;
        boolean found = false;
        for (String line : metrics.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    /** Java heap in use, in bytes (jvm_memory_used_bytes, area heap), or NaN. */
    double heapUsed() {
        return sample(metrics(), "jvm_memory_used_bytes", "area=\"heap\"");
    }
}
