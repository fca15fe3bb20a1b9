package dev.headshots.ingest.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * What one invocation of the benchmark runs, from {@code --key=value} arguments over the defaults of a mode: {@code smoke} (a
 * short run that checks only that every scenario works) or {@code full}. Every size and duration can be overridden one by one;
 * {@code deploy/local/bench/run --help} lists them.
 */
record BenchSettings(
        String mode,
        @JsonSerialize(using = ToStringSerializer.class) Path out,
        @JsonSerialize(using = ToStringSerializer.class) Path jar,
        @JsonSerialize(using = ToStringSerializer.class) Path expressDir,
        Set<String> scenarios,
        Set<String> ingestTargets,
        List<Integer> rates,
        Duration step,
        Duration warmup,
        Duration cooldown,
        int searchProbes,
        double p99LimitMs,
        int connections,
        int closedConnections,
        int closedThreads,
        Duration closedWarmup,
        Duration closedDuration,
        int closedRuns,
        int closedTokenJobs,
        int urlsPerCallback,
        int copyJobs,
        int copyImages,
        int copyImageBytes,
        int copyConcurrency,
        int backlogJobs,
        int backlogImageBytes,
        Duration backlogTimeout,
        long bigImageBytes,
        Duration idleWait,
        int validationIterations,
        int servicePort,
        int originPort,
        int expressPort,
        String serviceJvmOptions,
        boolean tracing,
        int otlpPort,
        String runId,
        boolean keep) {

    static final List<String> ALL_SCENARIOS = List.of("startup", "ingest", "closed", "copy", "big-image", "backlog");
    static final List<String> INGEST_TARGETS = List.of("ceiling", "service", "express");

    static BenchSettings parse(String[] args) {
        Map<String, String> options = new TreeMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String[] pair = arg.substring(2).split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        boolean smoke = options.getOrDefault("mode", "full").equals("smoke");
        Options o = new Options(options);
        BenchSettings settings = new BenchSettings(
                smoke ? "smoke" : "full",
                Path.of(o.text("out", "target/bench")),
                Path.of(o.text("jar", "target/quarkus-app/quarkus-run.jar")),
                Path.of(o.text("express-dir", "target/bench/express")),
                new LinkedHashSet<>(List.of(o.text("scenarios", String.join(",", ALL_SCENARIOS)).split(","))),
                new LinkedHashSet<>(List.of(o.text("targets", String.join(",", INGEST_TARGETS)).split(","))),
                Arrays.stream(o.text("rates", smoke ? "100,200" : "250,500,1000,2000").split(","))
                        .map(Integer::parseInt).toList(),
                o.seconds("step", smoke ? 2 : 6),
                o.seconds("warmup", smoke ? 2 : 10),
                o.seconds("cooldown", smoke ? 0.5 : 2),
                o.integer("search-probes", smoke ? 1 : 6),
                o.decimal("p99-limit-ms", 50),
                o.integer("connections", 128),
                o.integer("closed-connections", 64),
                o.integer("closed-threads", 2),
                o.seconds("closed-warmup", smoke ? 2 : 10),
                o.seconds("closed-duration", smoke ? 3 : 20),
                o.integer("closed-runs", smoke ? 1 : 3),
                o.integer("closed-token-jobs", smoke ? 50 : 1000),
                o.integer("urls", 60),
                o.integer("copy-jobs", smoke ? 2 : 20),
                o.integer("copy-images", smoke ? 10 : 60),
                o.integer("copy-image-bytes", 1_000_000),
                o.integer("copy-concurrency", 16),
                o.integer("backlog-jobs", smoke ? 10 : 500),
                o.integer("backlog-image-bytes", smoke ? 8_000 : 32_000),
                o.seconds("backlog-timeout", smoke ? 60 : 600),
                o.longer("big-image-bytes", smoke ? 20_000_000L : 200_000_000L),
                o.seconds("idle-wait", smoke ? 2 : 10),
                o.integer("validation-iterations", smoke ? 2_000 : 50_000),
                o.integer("service-port", 8110),
                o.integer("origin-port", 8111),
                o.integer("express-port", 8112),
                o.text("service-jvm-options", "-Xmx256m"),
                parseTracing(o.text("tracing", "off")),
                o.integer("otlp-port", 8113),
                o.text("run-id", Long.toString(System.currentTimeMillis() / 1000)),
                o.flag("keep"));
        if (!INGEST_TARGETS.containsAll(settings.ingestTargets)) {
            throw new IllegalArgumentException("unknown ingest targets in " + settings.ingestTargets + "; known: "
                    + INGEST_TARGETS);
        }
        for (String scenario : settings.scenarios) {
            if (!ALL_SCENARIOS.contains(scenario)) {
                throw new IllegalArgumentException("unknown scenario " + scenario + "; known: " + ALL_SCENARIOS);
            }
        }
        if (!o.unused().isEmpty()) {
            throw new IllegalArgumentException("unknown options " + o.unused());
        }
        return settings;
    }

    /** {@code tracing=on}: the service traces everything, to an OTLP sink that drops it ({@link OtlpSink}). */
    private static boolean parseTracing(String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("tracing must be on or off, not " + value);
        };
    }

    boolean smoke() {
        return mode.equals("smoke");
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    /** The options given, each read at most once, so that a misspelt one is reported instead of ignored. */
    private static final class Options {

        private final Map<String, String> given;
        private final Set<String> read = new LinkedHashSet<>(List.of("mode"));

        Options(Map<String, String> given) {
            this.given = given;
        }

        String text(String key, String fallback) {
            read.add(key);
            return given.getOrDefault(key, fallback);
        }

        int integer(String key, int fallback) {
            return Integer.parseInt(text(key, Integer.toString(fallback)).replace("_", ""));
        }

        long longer(String key, long fallback) {
            return Long.parseLong(text(key, Long.toString(fallback)).replace("_", ""));
        }

        double decimal(String key, double fallback) {
            return Double.parseDouble(text(key, Double.toString(fallback)));
        }

        Duration seconds(String key, double fallback) {
            return Duration.ofMillis(Math.round(decimal(key, fallback) * 1000));
        }

        boolean flag(String key) {
            return Boolean.parseBoolean(text(key, "false"));
        }

        Set<String> unused() {
            Set<String> unused = new LinkedHashSet<>(given.keySet());
            unused.removeAll(read);
            return unused;
        }
    }
}
