package dev.headshots.ingest.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Ingest in a closed loop (issue 21): wrk keeps a fixed number of connections busy, each sending its next callback as soon as
 * the last one is answered, so what it measures is the throughput at that concurrency. Per round, each target is warmed up (a
 * run that is discarded) and then measured, the targets taking turns (ceiling, service, ceiling, service, ...) so that a drift
 * of the shared machine reaches both. The closed-loop ratio is this service's 2xx answers per second over the ceiling's, per
 * round (the two runs next to each other) and as the median of the rounds.
 */
final class ClosedLoopScenario {

    /**
     * The targets of the closed loop, in the order they take turns (Express is left to the open loop); {@code token} is the
     * service at per-job callback URLs, which the bench adds after them.
     */
    static final List<String> TARGETS = List.of("ceiling", "service", "token");

    /** Runs wrk once; {@link #measured} in a benchmark. */
    interface Runner {

        ClosedLoopRun run(IngestTarget target, String phase, int round, Duration duration);
    }

    /** The service's 2xx answers per second over the ceiling's, in one round. */
    record Pair(int round, double ceiling, double service, double ratio) {
    }

    /** The median of each column over a target's measured runs, and their errors in total. */
    record Median(String target, int runs, double requestsPerSecond, double p50Ms, double p99Ms, long errors,
            double serviceCpuUsPerRequest, double brokerCpuUsPerRequest, double wrkCpuUsPerRequest) {
    }

    /**
     * The measured runs in the order they ran, the medians per target, the ratio per round and its median.
     *
     * @param method
     *            how wrk was run, for the tables
     */
    record Outcome(String method, List<ClosedLoopRun> runs, List<Median> medians, List<Pair> pairs, double medianRatio) {

        static Outcome of(String method, List<ClosedLoopRun> runs) {
            Map<String, List<ClosedLoopRun>> byTarget = new LinkedHashMap<>();
            runs.forEach(r -> byTarget.computeIfAbsent(r.target(), t -> new ArrayList<>()).add(r));
            List<Median> medians = new ArrayList<>();
            byTarget.forEach((target, own) -> medians.add(new Median(target, own.size(),
                    median(own, ClosedLoopRun::requestsPerSecond), median(own, ClosedLoopRun::p50Ms),
                    median(own, ClosedLoopRun::p99Ms), own.stream().mapToLong(ClosedLoopRun::errorCount).sum(),
                    median(own, ClosedLoopRun::serviceCpuUsPerRequest), median(own, ClosedLoopRun::brokerCpuUsPerRequest),
                    median(own, ClosedLoopRun::wrkCpuUsPerRequest))));
            List<Pair> pairs = new ArrayList<>();
            for (ClosedLoopRun ceiling : byTarget.getOrDefault("ceiling", List.of())) {
                byTarget.getOrDefault("service", List.of()).stream().filter(s -> s.round() == ceiling.round())
                        .findFirst().ifPresent(service -> pairs.add(new Pair(ceiling.round(), ceiling.requestsPerSecond(),
                                service.requestsPerSecond(), ratio(service, ceiling))));
            }
            return new Outcome(method, List.copyOf(runs), medians, pairs, median(pairs, Pair::ratio));
        }

        private static double ratio(ClosedLoopRun service, ClosedLoopRun ceiling) {
            return ceiling.requestsPerSecond() > 0
                    ? Math.round(service.requestsPerSecond() / ceiling.requestsPerSecond() * 1000) / 1000.0
                    : Double.NaN;
        }
    }

    private final BenchSettings settings;
    private final Runner wrk;
    private final Consumer<ClosedLoopRun> progress;

    ClosedLoopScenario(BenchSettings settings, Runner wrk, Consumer<ClosedLoopRun> progress) {
        this.settings = settings;
        this.wrk = wrk;
        this.progress = progress;
    }

    Outcome run(List<IngestTarget> targets) {
        List<ClosedLoopRun> measured = new ArrayList<>();
        for (int round = 1; round <= settings.closedRuns(); round++) {
            for (IngestTarget target : targets) {
                progress.accept(wrk.run(target, "warmup", round, settings.closedWarmup()));
                ClosedLoopRun run = wrk.run(target, "measured", round, settings.closedDuration());
                progress.accept(run);
                measured.add(run);
            }
        }
        return Outcome.of(String.format(Locale.ROOT, "wrk, %d connections, %d threads, %d s measured after a %d s warm-up,"
                + " %d round(s)", settings.closedConnections(), settings.closedThreads(),
                Wrk.wholeSeconds(settings.closedDuration()), Wrk.wholeSeconds(settings.closedWarmup()),
                settings.closedRuns()), measured);
    }

    /** wrk's runs, with the CPU time of the service, the broker and wrk read from {@code /proc} around each. */
    static Runner measured(Wrk wrk, long servicePid, long brokerPid) {
        long harness = ProcessHandle.current().pid();
        return (target, phase, round, duration) -> {
            double service = Proc.cpuSeconds(servicePid);
            double broker = Proc.cpuSeconds(brokerPid);
            double children = Proc.childrenCpuSeconds(harness);
            WrkSummary summary = wrk.run(target, phase + " " + round, duration);
            return ClosedLoopRun.of(target.key(), phase, round, summary, used(service, Proc.cpuSeconds(servicePid)),
                    used(broker, Proc.cpuSeconds(brokerPid)), used(children, Proc.childrenCpuSeconds(harness)));
        };
    }

    private static double used(double before, double after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    /** The median of the values that are numbers (the mean of the middle two for an even count); NaN if none is. */
    static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        double[] values = items.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
