package dev.headshots.ingest.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one run measured, as written to {@code results.json}, with the tables printed per scenario and the targets
 * evaluated from it. The targets are reported, never asserted: a slow machine makes a run "not met", not a failure.
 */
final class Report {

    /** Startup of one service instance: time to ready from process start, and memory after {@code idleWait}. */
    record Startup(String instance, String note, double readyMs, double quarkusStartedSeconds, long rssAtReadyMb,
            long idleRssMb, double idleHeapMb) {
    }

    /** One target of the issue and whether this run met it ({@code null}: not measured in this run). */
    record Target(String target, String goal, String measured, Boolean met) {
    }

    final Map<String, Object> meta = new LinkedHashMap<>();
    final List<Startup> startups = new ArrayList<>();
    final Map<String, String> ingestTargets = new LinkedHashMap<>();
    IngestScenario.Outcome ingest;
    ValidationCost.Result validationCost;
    final Map<String, String> closedLoopTargets = new LinkedHashMap<>();
    ClosedLoopScenario.Outcome closedLoop;
    List<CopyResult> copy;
    BigImageScenario.Result bigImage;
    BacklogScenario.Result backlog;
    final Map<String, CpuAccount.Usage> cpu = new LinkedHashMap<>();
    final List<String> charts = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("meta", meta);
        json.put("startup", startups);
        if (ingest != null) {
            Map<String, Object> scenario = new LinkedHashMap<>();
            scenario.put("targets", ingestTargets);
            scenario.put("max_rates", ingest.maxRates());
            scenario.put("validation_cost", validationCost);
            scenario.put("steps", ingest.steps());
            json.put("ingest", scenario);
        }
        if (closedLoop != null) {
            Map<String, Object> scenario = new LinkedHashMap<>();
            scenario.put("method", closedLoop.method());
            scenario.put("targets", closedLoopTargets);
            scenario.put("runs", closedLoop.runs());
            scenario.put("medians", closedLoop.medians());
            scenario.put("ratios", closedLoop.pairs());
            scenario.put("median_ratio", closedLoop.medianRatio());
            json.put("closed_loop", scenario);
        }
        json.put("copy", copy);
        json.put("big_image", bigImage);
        json.put("backlog", backlog);
        json.put("cpu", cpu);
        json.put("targets", targets());
        json.put("charts", charts);
        json.put("problems", problems);
        return json;
    }

    List<Table> tables(double p99Limit) {
        List<Table> tables = new ArrayList<>();
        if (!startups.isEmpty()) {
            Table t = new Table("Startup (JVM mode, -Xmx as configured)", "instance", "ready ms", "Quarkus started s",
                    "RSS at ready MB", "idle RSS MB", "idle heap MB", "note");
            startups.forEach(s -> t.row(s.instance(), s.readyMs(), s.quarkusStartedSeconds(), s.rssAtReadyMb(),
                    s.idleRssMb() < 0 ? "-" : s.idleRssMb(), s.idleHeapMb(), s.note()));
            tables.add(t);
        }
        if (ingest != null) {
            Table t = new Table("Ingest: open-loop steps (latency in ms from the intended send time)", "target", "phase",
                    "offered/s", "achieved/s", "p50", "p90", "p99", "p99.9", "max", "errors", "gen lag p99");
            for (RateResult r : ingest.steps()) {
                t.row(r.target(), r.phase(), r.offered(), r.achieved(), r.p50Ms(), r.p90Ms(), r.p99Ms(), r.p999Ms(),
                        r.maxMs(), r.errorCount() == 0 ? "0" : r.errorCount() + " " + r.errors(), r.lagP99Ms());
            }
            ingestTargets.forEach((key, label) -> t.note(key + " = " + label));
            tables.add(t);
            Table max = new Table("Ingest: highest rate holding p99 <= " + p99Limit + " ms", "target", "max rate/s",
                    "vs ceiling");
            int ceiling = ingest.maxRates().getOrDefault("ceiling", 0);
            ingest.maxRates().forEach((key, rate) -> max.row(key, rate, ceiling > 0 ? pct(rate / (double) ceiling) : "-"));
            max.note("Holding a rate: p99 within the limit, at most 0.1% errors, at least 95% of the offered rate achieved.");
            if (validationCost != null) {
                max.note(String.format(Locale.ROOT, "The ceiling and this service both validate every callback in full:"
                        + " %.1f us per %d-byte body of %d URLs in-process, %.1f us of it the field checks after parsing.",
                        validationCost.completedMicros(), validationCost.bodyBytes(), validationCost.urls(),
                        validationCost.skippedMicros()));
            }
            tables.add(max);
        }
        if (closedLoop != null) {
            tables.addAll(closedLoopTables());
        }
        if (copy != null) {
            Table t = new Table("Copy", "copier", "images", "stored", "MB", "seconds", "images/s", "MB/s", "job p50 s",
                    "job p99 s", "jobs");
            copy.forEach(c -> t.row(c.copier(), c.images(), c.stored(), c.bytes() / 1e6, c.seconds(), c.imagesPerSecond(),
                    c.mbPerSecond(), c.jobP50Seconds(), c.jobP99Seconds(), c.jobStatuses()));
            tables.add(t);
        }
        if (bigImage != null) {
            BigImageScenario.Result b = bigImage;
            tables.add(new Table("One big image", "image MB", "status", "stored MB", "seconds", "MB/s", "heap in use before MB",
                    "heap in use peak MB", "live heap before MB", "live heap peak MB", "live heap growth MB",
                    "RSS before MB", "RSS peak MB")
                    .row(b.imageBytes() / 1e6, b.status(), b.storedBytes() / 1e6, b.seconds(), b.mbPerSecond(),
                            b.heapBeforeMb(), b.heapPeakMb(), b.liveHeapBeforeMb(), b.liveHeapPeakMb(),
                            b.liveHeapGrowthMb(), b.rssBeforeMb(), b.rssPeakMb())
                    .note("Heap in use includes garbage not yet collected; live heap is jvm_gc_live_data_size_bytes, the old"
                            + " generation after the last collection."));
        }
        if (backlog != null) {
            BacklogScenario.Result b = backlog;
            tables.add(new Table("Memory under backlog (" + b.jobs() + " jobs, " + b.images() + " images of ~"
                    + b.imageBytes() / 1000 + " KB)", "acked in s", "settled in s", "images/s", "RSS @10 queued",
                    "RSS @all queued", "RSS peak", "RSS end", "growth 10->all", "growth 10->peak", "heap min", "heap max",
                    "jobs")
                    .row(b.queueSeconds(), b.drainSeconds(), b.imagesPerSecond(), b.rssAt10QueuedMb(),
                            b.rssAtAllQueuedMb(), b.rssPeakMb(), b.rssEndMb(), b.rssGrowth10ToAllMb(),
                            b.rssGrowth10ToPeakMb(), b.heapMinMb(), b.heapMaxMb(), b.statuses())
                    .note("Memory in MB (2^20 bytes); the peak is over the whole drain after the 10th callback."));
        }
        if (!cpu.isEmpty()) {
            Table t = new Table("CPU seconds per scenario (2 cores = 2 CPU seconds per second)", "scenario", "wall s",
                    "machine busy", "harness", "service", "express", "stack", "other", "other cores", "load avg at end");
            cpu.forEach((name, u) -> t.row(name, u.wallSeconds(), u.machineBusy(), u.harness(), u.service(),
                    u.express(), u.stack(), u.other(), u.otherCores(), u.loadAverageEnd()));
            t.note("harness = this JVM (load generator, origin, baseline copiers); stack = Kafka, S3Proxy, PostgreSQL;"
                    + " other = everything else on the machine (wrk too, in the closed loop).");
            tables.add(t);
        }
        Table targets = new Table("Targets of issue 6", "target", "goal", "measured", "met");
        if ("smoke".equals(meta.get("mode"))) {
            targets.note("A smoke run: sizes, rates and durations are too small for these verdicts to mean anything.");
        }
        targets().forEach(t -> targets.row(t.target(), t.goal(), t.measured(),
                t.met() == null ? "not measured" : t.met() ? "yes" : "NO"));
        tables.add(targets);
        return tables;
    }

    private List<Table> closedLoopTables() {
        Table runs = new Table("Ingest, closed loop (" + closedLoop.method() + ")", "target", "run", "2xx/s", "p50 ms",
                "p99 ms", "max ms", "errors", "service CPU us/req", "broker CPU us/req", "wrk CPU us/req");
        closedLoop.runs().forEach(r -> runs.row(r.target(), r.round(), r.requestsPerSecond(), r.p50Ms(), r.p99Ms(),
                r.maxMs(), r.errorCount() == 0 ? "0" : r.errorCount() + " " + r.errors(), r.serviceCpuUsPerRequest(),
                r.brokerCpuUsPerRequest(),
                r.wrkCpuUsPerRequest()));
        closedLoop.medians().forEach(m -> runs.row(m.target(), "median of " + m.runs(), m.requestsPerSecond(), m.p50Ms(),
                m.p99Ms(), "-", m.errors() + " in all", m.serviceCpuUsPerRequest(), m.brokerCpuUsPerRequest(),
                m.wrkCpuUsPerRequest()));
        closedLoopTargets.forEach((key, label) -> runs.note(key + " = " + label));
        runs.note("Latencies as wrk reports them, from each request's send at a fixed concurrency: not comparable with the"
                + " open loop's. CPU per answered request, from /proc/PID/stat around each run (wrk: the harness's"
                + " waited-for children).");
        Table ratio = new Table("Ingest, closed loop: this service's 2xx/s over the ceiling's", "run", "ceiling 2xx/s",
                "service 2xx/s", "ratio");
        closedLoop.pairs().forEach(p -> ratio.row(p.round(), p.ceiling(), p.service(), pct(p.ratio())));
        ratio.row("median", "-", "-", pct(closedLoop.medianRatio()));
        ratio.note("Each run of the service right after the ceiling's of the same round, on the same instance.");
        return closedLoop.pairs().isEmpty() ? List.of(runs) : List.of(runs, ratio);
    }

    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        Map<String, Integer> max = ingest == null ? Map.of() : ingest.maxRates();
        Integer service = max.get("service");
        Integer ceiling = max.get("ceiling");
        Integer express = max.get("express");
        targets.add(ratio("ingest throughput vs ceiling (a)", ">= 60% of the ceiling's max rate", service, ceiling, 0.6));
        RateResult half = ingest == null
                ? null
                : ingest.steps().stream().filter(s -> s.phase().equals("half-max")).findFirst().orElse(null);
        targets.add(new Target("p99 at half of this service's max rate", "<= 25 ms",
                half == null ? "-" : half.p99Ms() + " ms at " + half.offered() + "/s", half == null
                        ? null
                        : half.p99Ms() <= 25 && half.errorCount() == 0));
        targets.add(ratio("ingest throughput vs Express (c)", ">= 3x the Express baseline's max rate", service, express,
                3.0));
        CopyResult ours = find("service");
        CopyResult direct = find("direct");
        targets.add(ours == null || direct == null
                ? new Target("copy throughput vs direct copier", ">= 85%", "-", null)
                : new Target("copy throughput vs direct copier", ">= 85% (MB/s)",
                        ours.mbPerSecond() + " vs " + direct.mbPerSecond() + " MB/s = "
                                + pct(ours.mbPerSecond() / direct.mbPerSecond()),
                        ours.stored() == ours.images() && ours.mbPerSecond() >= 0.85 * direct.mbPerSecond()));
        targets.add(backlog == null
                ? new Target("RSS growth, 10 to all jobs queued", "<= 64 MB", "-", null)
                : new Target("RSS growth, 10 to " + backlog.jobs() + " jobs queued", "<= 64 MB",
                        backlog.rssGrowth10ToAllMb() + " MB", backlog.rssGrowth10ToAllMb() <= 64));
        targets.add(backlog == null
                ? new Target("RSS growth, 10 queued to peak of the drain", "<= 64 MB", "-", null)
                : new Target("RSS growth, 10 queued to peak of the drain (stricter reading)", "<= 64 MB",
                        backlog.rssGrowth10ToPeakMb() + " MB", backlog.rssGrowth10ToPeakMb() <= 64));
        targets.add(bigImage == null
                ? new Target("live heap growth copying one big image", "far below the image size", "-", null)
                : new Target("live heap growth copying one " + Math.round(bigImage.imageBytes() / 1e6) + " MB image",
                        "far below the image size (no number in the issue; here: < 25%)",
                        bigImage.liveHeapGrowthMb() + " MB (heap in use: +" + bigImage.heapGrowthMb() + " MB)",
                        bigImage.status().equals("COMPLETED")
                                && bigImage.liveHeapGrowthMb() * 1024 * 1024 < 0.25 * bigImage.imageBytes()));
        return targets;
    }

    private CopyResult find(String copier) {
        return copy == null ? null : copy.stream().filter(c -> c.copier().equals(copier)).findFirst().orElse(null);
    }

    private static Target ratio(String name, String goal, Integer ours, Integer theirs, double wanted) {
        if (ours == null || theirs == null) {
            return new Target(name, goal, "-", null);
        }
        if (theirs == 0) {
            return new Target(name, goal, ours + "/s vs 0/s (the baseline held no rate tried)", ours > 0);
        }
        double ratio = ours / (double) theirs;
        return new Target(name, goal, ours + "/s vs " + theirs + "/s = "
                + (wanted >= 1 ? String.format(Locale.ROOT, "%.2fx", ratio) : pct(ratio)), ratio >= wanted);
    }

    private static String pct(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }
}
