package dev.headshots.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The closed loop's order of runs, medians and ratios, against a simulated wrk: nothing is sent, nothing is timed. */
class ClosedLoopScenarioTest {

    private static final IngestTarget CEILING = new IngestTarget("ceiling", "simulated", 1, "/c", "s", "e");
    private static final IngestTarget SERVICE = new IngestTarget("service", "simulated", 1, "/s", "s", "e");

    @Test
    void targetsTakeTurnsEachWarmedUpBeforeItsMeasuredRunAndWarmUpsAreDiscarded() {
        List<String> order = new ArrayList<>();
        ClosedLoopScenario.Runner wrk = (target, phase, round, duration) -> {
            order.add(target.key() + " " + phase + " " + round + " " + duration.toSeconds() + "s");
            return run(target.key(), phase, round, 1000, 0);
        };

        BenchSettings settings = BenchSettings.parse(new String[]{"--mode=full", "--closed-runs=2"});
        ClosedLoopScenario.Outcome outcome = new ClosedLoopScenario(settings, wrk, r -> {
        }).run(List.of(CEILING, SERVICE));

        assertThat(order).containsExactly("ceiling warmup 1 10s", "ceiling measured 1 20s", "service warmup 1 10s",
                "service measured 1 20s", "ceiling warmup 2 10s", "ceiling measured 2 20s", "service warmup 2 10s",
                "service measured 2 20s");
        assertThat(outcome.runs()).extracting(ClosedLoopRun::phase).containsOnly("measured").hasSize(4);
        assertThat(outcome.method()).isEqualTo("wrk, 64 connections, 2 threads, 20 s measured after a 10 s warm-up,"
                + " 2 round(s)");
    }

    @Test
    void theRatioIsTheServiceOverTheCeilingOfTheSameRoundAndItsMedianOverRounds() {
        ClosedLoopScenario.Outcome outcome = ClosedLoopScenario.Outcome.of("m", List.of(
                run("ceiling", "measured", 1, 10_000, 0), run("service", "measured", 1, 6_000, 0),
                run("ceiling", "measured", 2, 8_000, 0), run("service", "measured", 2, 6_000, 0),
                run("ceiling", "measured", 3, 12_000, 0), run("service", "measured", 3, 6_600, 0)));

        assertThat(outcome.pairs()).extracting(ClosedLoopScenario.Pair::ratio).containsExactly(0.6, 0.75, 0.55);
        assertThat(outcome.medianRatio()).isEqualTo(0.6);
        assertThat(outcome.medians()).extracting(ClosedLoopScenario.Median::target, ClosedLoopScenario.Median::runs,
                ClosedLoopScenario.Median::requestsPerSecond)
                .containsExactly(tuple("ceiling", 3, 10_000.0),
                        tuple("service", 3, 6_000.0));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwoAndSkipsUnknownValues() {
        assertThat(ClosedLoopScenario.median(List.of(4.0, 1.0, 3.0, 2.0), v -> v)).isEqualTo(2.5);
        assertThat(ClosedLoopScenario.median(List.of(5.0, Double.NaN, 1.0), v -> v)).isEqualTo(3.0);
        assertThat(ClosedLoopScenario.median(List.<Double>of(), v -> v)).isNaN();
    }

    @Test
    void withOneTargetThereIsNoRatio() {
        ClosedLoopScenario.Outcome outcome = ClosedLoopScenario.Outcome.of("m",
                List.of(run("service", "measured", 1, 6_000, 0)));

        assertThat(outcome.pairs()).isEmpty();
        assertThat(outcome.medianRatio()).isNaN();
    }

    @Test
    void aRunFailsWithNo2xxAnswerOrErrorsAboveOnePerThousandNeverForSpeed() {
        assertThat(run("service", "measured", 1, 1, 0).failed()).isFalse();
        assertThat(run("service", "measured", 1, 10_000, 200).failed()).isFalse();
        assertThat(run("service", "measured", 1, 10_000, 201).failed()).isTrue();
        assertThat(ClosedLoopRun.of("service", "measured", 1, new WrkSummary(1, 500, 500, 0, 0, 0, 0, 1, 1, 1, 1), 1, 1, 1)
                .failed()).isTrue();
    }

    @Test
    void cpuIsPerAnsweredRequestAndUnknownWhenAProcessCouldNotBeRead() {
        ClosedLoopRun run = ClosedLoopRun.of("service", "measured", 1,
                new WrkSummary(20, 100_000, 0, 0, 0, 0, 0, 1, 2, 3, 4), 12.5, -1, 9.0);

        assertThat(run.requestsPerSecond()).isEqualTo(5_000);
        assertThat(run.serviceCpuUsPerRequest()).isEqualTo(125.0);
        assertThat(run.brokerCpuUsPerRequest()).isNaN();
        assertThat(run.wrkCpuUsPerRequest()).isEqualTo(90.0);
    }

    /** A run of 20 s with {@code perSecond} 2xx answers a second and {@code readErrors} broken connections. */
    private static ClosedLoopRun run(String target, String phase, int round, double perSecond, long readErrors) {
        long requests = Math.round(perSecond * 20);
        return ClosedLoopRun.of(target, phase, round, new WrkSummary(20, requests, 0, 0, readErrors, 0, 0, 1, 2, 3, 4),
                1, 1, 1);
    }
}
