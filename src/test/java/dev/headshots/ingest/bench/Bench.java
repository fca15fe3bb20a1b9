package dev.headshots.ingest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The benchmark of issue 6, run by {@code deploy/local/bench/run} (which brings up the stack, packages the service, installs
 * the Express baseline and makes the benchmark's database first). Scenarios, in this order: startup, ingest (open loop) and
 * closed (ingest in a closed loop, with wrk) on an "ingest" instance of the packaged service (whose consumers read an empty
 * topic, so that only the acknowledgement path is measured), then copy, one big image and the backlog on a "pipeline" instance.
 * Prints a table per scenario and writes {@code results.json}, {@code summary.md} and PNG charts to {@code --out}. Exits 1 only
 * when something did not work (no successful answer, an image not stored, a backlog not drained), never because something was
 * slow.
 */
public final class Bench {

    /** The ceiling (a): the service's endpoint for it, on with {@code headshots.webhook.bench-ceiling=true}. */
    static final String CEILING_PATH = "/webhooks/bench/ceiling";
    /** The closed loop's target at the per-job callback URLs of {@link TokenJobs}. */
    static final String TOKEN = "token";

    /**
     * An event other than {@code headshots.completed}: parsed in full, never checked field by field ({@link ValidationCost}).
     */
    static final String IGNORED_EVENT = "headshots.bench-ignored";

    private final BenchSettings settings;
    private final Report report = new Report();
    private final AtomicLong servicePid = new AtomicLong(-1);
    private final AtomicLong expressPid = new AtomicLong(-1);
    private final CpuAccount cpu = new CpuAccount(servicePid::get, expressPid::get);

    private Bench(BenchSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        System.exit(new Bench(settings).run());
    }

    private int run() throws Exception {
        prepareOut();
        describe();
        try (BenchStack stack = new BenchStack();
                BenchOrigin origin = new BenchOrigin(settings.originPort());
                OtlpSink otlp = settings.tracing() ? new OtlpSink(settings.otlpPort()) : null) {
            stack.freshTopics();
            stack.freshBucket();
            try {
                if (settings.runs("ingest") || settings.runs("closed")) {
                    ingest();
                }
                if (settings.runs("startup") || settings.runs("copy") || settings.runs("big-image")
                        || settings.runs("backlog")) {
                    pipeline(stack, origin);
                }
            } catch (Exception | AssertionError e) {
                report.problems.add("aborted: " + e);
                Logger.getLogger(Bench.class).error("bench: aborted", e);
            } finally {
                if (otlp != null) {
                    report.meta.put("otlp_sink_received", otlp.received());
                }
                if (!settings.keep()) {
                    stack.dropTopics("headshots-bench-" + settings.runId());
                    System.out.println("bench: removed " + stack.emptyBucket() + " objects from bucket " + BenchStack.BUCKET);
                }
            }
        }
        report.meta.put("tracing", settings.tracing() ? "on: every span exported to an OTLP sink that drops it" : "off");
        report.meta.put("finished_at", Instant.now().toString());
        report.meta.put("load_average_end", Proc.loadAverage());
        check();
        write();
        return report.problems.isEmpty() ? 0 : 1;
    }

    /** The "ingest" instance: its startup, then the open loop and the closed loop, as selected. */
    private void ingest() throws Exception {
        Map<String, String> properties = ServiceInstance.properties(settings, BenchStack.INGEST_TOPIC,
                BenchStack.IDLE_TOPIC);
        ServiceInstance service = ServiceInstance.start("ingest", settings, properties);
        servicePid.set(service.pid());
        startup(service, "first start of the run: Flyway migrates the empty benchmark database", false);
        report.meta.put("service_properties", properties);
        try (service) {
            List<IngestTarget> targets = ingestTargets();
            if (settings.runs("ingest")) {
                openLoop(service, targets);
            }
            if (settings.runs("closed")) {
                closedLoop(service, targets);
            }
        } finally {
            servicePid.set(-1);
        }
    }

    private void openLoop(ServiceInstance service, List<IngestTarget> targets) throws Exception {
        try (ExpressInstance express = ExpressInstance.start(settings);
                LoadGenerator generator = new LoadGenerator(settings.connections(), settings.urlsPerCallback(),
                        settings.smoke() ? Duration.ofSeconds(5) : settings.step())) {
            expressPid.set(express.pid());
            System.out.println("bench: measuring the validator in-process");
            report.validationCost = ValidationCost.measure(settings.urlsPerCallback(), settings.validationIterations());
            targets.forEach(t -> report.ingestTargets.put(t.key(), t.label()));
            cpu.begin();
            // The service's CPU time per successful answer, step by step (/proc/PID/stat around each step)
            List<Map<String, Object>> cpuPerStep = new ArrayList<>();
            IngestScenario.Runner measured = (target, phase, rate, duration) -> {
                double before = Proc.cpuSeconds(service.pid());
                RateResult result = generator.run(target, phase, rate, duration);
                double used = Proc.cpuSeconds(service.pid()) - before;
                cpuPerStep.add(Map.of("target", target.key(), "phase", phase, "offered", rate, "ok", result.ok(),
                        "service_cpu_us_per_ok", result.ok() == 0 ? 0 : Math.round(used * 1e6 / result.ok())));
                return result;
            };
            report.meta.put("ingest_service_cpu_per_step", cpuPerStep);
            report.ingest = new IngestScenario(settings, measured, Bench::progress).run(targets, "service");
            report.cpu.put("ingest", cpu.end());
            String metrics = service.metrics();
            report.meta.put("ingest_service_counters", Map.of(
                    "accepted", ServiceInstance.sample(metrics, "headshots_callbacks_total", "outcome=\"accepted\""),
                    "ignored", ServiceInstance.sample(metrics, "headshots_callbacks_total", "outcome=\"ignored\""),
                    "unavailable", ServiceInstance.sample(metrics, "headshots_callbacks_total",
                            "outcome=\"unavailable\"")));
        } finally {
            expressPid.set(-1);
        }
    }

    /** Ingest in a closed loop (wrk) against the ceiling and this service, taking turns. */
    private void closedLoop(ServiceInstance service, List<IngestTarget> targets) {
        List<IngestTarget> closed = new ArrayList<>(targets.stream()
                .filter(t -> ClosedLoopScenario.TARGETS.contains(t.key())).toList());
        Map<String, Path> jobs = new HashMap<>();
        if (settings.closedTokenJobs() > 0 && settings.ingestTargets().contains("service")) {
            closed.add(new IngestTarget(TOKEN, "(b') this service at the per-job callback URL of one of "
                    + settings.closedTokenJobs() + " jobs: the token looked up, then as (b)", settings.servicePort(),
                    "/webhooks/runflow/headshots/", "", CallbackBodies.COMPLETED));
            jobs.put(TOKEN, TokenJobs.write(settings.out().resolve("closed-loop-jobs.txt"), settings.closedTokenJobs(),
                    new CallbackBodies(2121)));
        }
        System.out.printf(Locale.ROOT, "bench: closed loop with wrk, %d connections, %d threads, %d round(s)%n",
                settings.closedConnections(), settings.closedThreads(), settings.closedRuns());
        closed.forEach(t -> report.closedLoopTargets.put(t.key(), t.label()));
        cpu.begin();
        ClosedLoopScenario.Runner wrk = ClosedLoopScenario.measured(new Wrk(settings, jobs), service.pid(),
                cpu.brokerPid());
        report.closedLoop = new ClosedLoopScenario(settings, wrk, Bench::progress).run(closed);
        report.cpu.put("closed loop", cpu.end());
    }

    /** The targets of the ingest scenarios that {@code targets} selects. */
    private List<IngestTarget> ingestTargets() {
        return List.of(
                new IngestTarget("ceiling", "(a) this service, same HTTP stack and checks at POST "
                        + CEILING_PATH + ": authenticated, parsed and validated in full, 200 without Kafka",
                        settings.servicePort(), CEILING_PATH, ServiceInstance.SECRET, CallbackBodies.COMPLETED),
                new IngestTarget("service", "(b) this service: validated, published to Kafka (acks=all), 200 after"
                        + " the broker's ack", settings.servicePort(), "/webhooks/runflow/headshots",
                        ServiceInstance.SECRET, CallbackBodies.COMPLETED),
                new IngestTarget("express", "(c) Express (Node " + nodeVersion() + "): INSERT into Postgres, then"
                        + " 200", settings.expressPort(), ExpressInstance.PATH, ServiceInstance.SECRET,
                        CallbackBodies.COMPLETED))
                .stream()
                .filter(target -> settings.ingestTargets().contains(target.key())).toList();
    }

    private void pipeline(BenchStack stack, BenchOrigin origin) throws Exception {
        ServiceInstance service = ServiceInstance.start("pipeline", settings,
                ServiceInstance.properties(settings, BenchStack.PIPELINE_TOPIC, BenchStack.PIPELINE_TOPIC));
        servicePid.set(service.pid());
        try (service) {
            startup(service, settings.runs("ingest") || settings.runs("closed")
                    ? "second start of the run: database already migrated"
                    : "first start of the run: Flyway migrates the empty benchmark database", true);
            if (settings.runs("copy")) {
                System.out.println("bench: copy scenario");
                report.copy = new CopyScenario(settings, origin, new DirectCopier(stack.s3()), cpu, report.cpu)
                        .run(service);
                report.copy.forEach(c -> System.out.printf(Locale.ROOT, "bench: copy %-10s %d/%d stored, %.1f MB/s%n",
                        c.copier(), c.stored(), c.images(), c.mbPerSecond()));
            }
            if (settings.runs("big-image")) {
                System.out.println("bench: big-image scenario (" + settings.bigImageBytes() / 1_000_000 + " MB)");
                cpu.begin();
                report.bigImage = BigImageScenario.run(service, origin, settings.bigImageBytes());
                report.cpu.put("big-image", cpu.end());
            }
            if (settings.runs("backlog")) {
                System.out.println("bench: backlog scenario (" + settings.backlogJobs() + " jobs)");
                cpu.begin();
                report.backlog = BacklogScenario.run(service, origin, settings);
                report.cpu.put("backlog", cpu.end());
            }
        } finally {
            servicePid.set(-1);
        }
    }

    private void startup(ServiceInstance service, String note, boolean idle) {
        long rssAtReady = Proc.mb(Proc.rssBytes(service.pid()));
        long idleRss = -1;
        double idleHeap = Double.NaN;
        if (idle) {
            IngestScenario.sleep(settings.idleWait().toMillis());
            idleRss = Proc.mb(Proc.rssBytes(service.pid()));
            idleHeap = Math.round(service.heapUsed() / 1024 / 1024 * 10) / 10.0;
        }
        report.startups.add(new Report.Startup(service.log().getFileName().toString().replace(".log", ""), note,
                Math.round(service.readyMs()), service.quarkusStartedSeconds(), rssAtReady, idleRss, idleHeap));
        System.out.printf(Locale.ROOT, "bench: %s ready after %.0f ms (RSS %d MB)%n", service.log().getFileName(),
                service.readyMs(), rssAtReady);
    }

    private static void progress(RateResult r) {
        System.out.printf(Locale.ROOT, "bench: ingest %-8s %-8s %6d/s -> %8.1f/s  p50 %7.2f  p99 %8.2f  p99.9 %8.2f ms"
                + "  errors %d%s%n", r.target(), r.phase(), r.offered(), r.achieved(), r.p50Ms(), r.p99Ms(), r.p999Ms(),
                r.errorCount(), r.errors().isEmpty() ? "" : " " + r.errors());
    }

    private static void progress(ClosedLoopRun r) {
        System.out.printf(Locale.ROOT, "bench: closed %-8s %-8s %d  %8.1f/s  p50 %7.2f  p99 %8.2f ms  errors %d%s"
                + "  CPU us/request: service %.1f, broker %.1f, wrk %.1f%n", r.target(), r.phase(), r.round(),
                r.requestsPerSecond(), r.p50Ms(), r.p99Ms(), r.errorCount(), r.errors().isEmpty() ? "" : " " + r.errors(),
                r.serviceCpuUsPerRequest(), r.brokerCpuUsPerRequest(), r.wrkCpuUsPerRequest());
    }

    /** Functional checks only: every part produced results. Speed is reported, never checked. */
    private void check() {
        if (report.ingest != null) {
            for (String target : report.ingestTargets.keySet()) {
                if (report.ingest.steps().stream().noneMatch(s -> s.target().equals(target) && s.ok() > 0)) {
                    report.problems.add("ingest: no successful answer from " + target);
                }
            }
        }
        if (report.closedLoop != null) {
            report.closedLoop.runs().stream().filter(ClosedLoopRun::failed)
                    .forEach(r -> report.problems.add("closed loop: " + r.target() + " round " + r.round() + " had "
                            + r.ok() + " 2xx answers of " + r.requests() + ", errors " + r.errors()));
        }
        if (report.copy != null) {
            report.copy.stream().filter(c -> c.stored() != c.images())
                    .forEach(c -> report.problems.add("copy: " + c.copier() + " stored " + c.stored() + " of "
                            + c.images()));
        }
        if (report.bigImage != null && (!report.bigImage.status().equals("COMPLETED")
                || Math.abs(report.bigImage.storedBytes() - report.bigImage.imageBytes()) > 4)) {
            report.problems.add("big-image: " + report.bigImage.status() + ", " + report.bigImage.storedBytes()
                    + " bytes stored");
        }
        if (report.backlog != null && (!report.backlog.drained()
                || !report.backlog.statuses().keySet().equals(Set.of("COMPLETED")))) {
            report.problems.add("backlog: drained " + report.backlog.drained() + ", jobs " + report.backlog.statuses());
        }
    }

    private void write() throws IOException {
        Path out = settings.out();
        if (report.ingest != null) {
            report.charts.addAll(Charts.ingest(out, report.ingest.steps(), List.copyOf(report.ingestTargets.keySet()),
                    settings.p99LimitMs()));
        }
        if (report.copy != null) {
            report.charts.addAll(Charts.copy(out, report.copy));
        }
        if (report.bigImage != null) {
            report.charts.add(Charts.memory(out, "memory-big-image.png", "One " + settings.bigImageBytes() / 1_000_000
                    + " MB image: service memory while it is copied", report.bigImage.samples(), false));
        }
        if (report.backlog != null) {
            report.charts.add(Charts.memory(out, "memory-backlog.png", "Backlog of " + report.backlog.jobs()
                    + " jobs: service memory while they are acknowledged and drained", report.backlog.samples(), true));
        }
        List<Table> tables = report.tables(settings.p99LimitMs());
        StringBuilder markdown = new StringBuilder("## Results of " + report.meta.get("started_at") + " (" + settings.mode()
                + " mode)\n\n" + machineLine() + "\n\n");
        for (Table table : tables) {
            System.out.print(table.text());
            markdown.append(table.markdown());
        }
        report.charts.forEach(c -> markdown.append("![").append(c).append("](").append(c).append(")\n\n"));
        report.problems.forEach(p -> markdown.append("- PROBLEM: ").append(p).append('\n'));
        Files.writeString(out.resolve("summary.md"), markdown);
        JsonMapper.builder().findAndAddModules().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValue(out.resolve("results.json").toFile(), report.json());
        System.out.println("\nbench: wrote " + out.resolve("results.json") + ", " + out.resolve("summary.md") + " and "
                + report.charts.size() + " charts");
        report.problems.forEach(p -> System.out.println("bench: PROBLEM: " + p));
    }

    private void prepareOut() throws IOException {
        Files.createDirectories(settings.out());
        try (Stream<Path> files = Files.list(settings.out())) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".png") || name.endsWith(".log") || name.equals("results.json")
                        || name.equals("summary.md")) {
                    Files.delete(file);
                }
            }
        }
    }

    private void describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpu", Proc.info("cpuinfo", "model name"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory", Proc.info("meminfo", "MemTotal"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("node", nodeVersion());
        machine.put("load_average_start", Proc.loadAverage());
        report.meta.put("started_at", Instant.now().toString());
        report.meta.put("mode", settings.mode());
        report.meta.put("revision", BenchStack.env("BENCH_REVISION", "unknown"));
        report.meta.put("machine", machine);
        report.meta.put("settings", settings);
        report.meta.put("conditions", "Everything on one machine: PostgreSQL, Kafka (one broker) and S3Proxy of"
                + " deploy/local/stack, the service (JVM mode, " + settings.serviceJvmOptions() + "), the Express baseline,"
                + " and this JVM (load generator, image origin, baseline copiers). See \"cpu\" for what else ran.");
        System.out.println("bench: " + machineLine());
    }

    private String machineLine() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) report.meta.get("machine");
        return "Machine: " + m.get("cores") + " cores (" + m.get("cpu") + "), " + m.get("memory") + " memory, "
                + m.get("java") + ", Node " + m.get("node") + "; load average " + m.get("load_average_start")
                + " at the start" + (report.meta.containsKey("load_average_end")
                        ? ", " + report.meta.get("load_average_end") + " at the end"
                        : "")
                + "; revision " + report.meta.get("revision") + ".";
    }

    private static String nodeVersion() {
        try {
            Process node = new ProcessBuilder(BenchStack.env("NODE", "node"), "--version").redirectErrorStream(true)
                    .start();
            String version = new String(node.getInputStream().readAllBytes()).trim();
            return node.waitFor() == 0 ? version : "?";
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
