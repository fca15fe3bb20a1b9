package dev.headshots.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The rate search of the ingest scenario against a simulated receiver: no load is sent, nothing is timed. */
class IngestScenarioTest {

    private static final IngestTarget SERVICE = new IngestTarget("service", "simulated", 1, "/", "s", "e");

    @Test
    void findsTheHighestRateWithinTheSearchGranularity() {
        IngestScenario.Outcome outcome = search(3_300, Set.of(), "250,500,1000,2000", 8);

        assertThat(outcome.maxRates()).containsEntry("service", 3_250);
    }

    @Test
    void aStallAtAFixedRateIsRunAgainAndDoesNotEndTheSearch() {
        List<String> phases = new ArrayList<>();
        IngestScenario.Outcome outcome = search(12_000, Set.of(2_000), "250,500,1000,2000", 4, phases);

        assertThat(outcome.maxRates().get("service")).isGreaterThanOrEqualTo(8_000);
        assertThat(phases).contains("retry");
    }

    @Test
    void aTargetThatHoldsNoRateHasMaximumZero() {
        IngestScenario.Outcome outcome = search(0, Set.of(), "250,500", 2);

        assertThat(outcome.maxRates()).containsEntry("service", 0);
        assertThat(outcome.steps()).noneMatch(s -> s.phase().equals("half-max"));
    }

    @Test
    void halfTheServicesMaximumIsOfferedRightAfterItsOwnSearchBeforeTheNextTargetsSearch() {
        BenchSettings settings = BenchSettings.parse(new String[]{"--mode=smoke", "--cooldown=0", "--rates=250,500",
                "--search-probes=4"});
        List<String> order = new ArrayList<>();
        IngestScenario.Runner receiver = (target, phase, rate, duration) -> {
            order.add(target.key() + " " + phase + " " + rate);
            double p99 = rate <= 3_000 ? 5 : 500;
            return new RateResult(target.key(), phase, rate, 1, rate, rate, rate, Map.of(), 1, 2, p99, p99, p99, 0);
        };
        IngestTarget other = new IngestTarget("express", "simulated", 2, "/", "s", "e");

        IngestScenario.Outcome outcome = new IngestScenario(settings, receiver, r -> {
        }).run(List.of(SERVICE, other), "service");

        int half = order.indexOf("service half-max " + outcome.maxRates().get("service") / 2);
        assertThat(half).isPositive();
        assertThat(order.get(half - 1)).isEqualTo("service settle " + outcome.maxRates().get("service") / 2);
        assertThat(order.subList(0, half)).anyMatch(step -> step.startsWith("service search"));
        assertThat(order.subList(0, half)).noneMatch(step -> step.startsWith("express search"));
        assertThat(order.subList(half + 1, order.size())).allMatch(step -> step.startsWith("express "))
                .anyMatch(step -> step.startsWith("express search"));
    }

    private static IngestScenario.Outcome search(int capacity, Set<Integer> stallOnce, String rates, int probes) {
        return search(capacity, stallOnce, rates, probes, new ArrayList<>());
    }

    /** A receiver that holds every rate up to {@code capacity}, except one stall at each rate of {@code stallOnce}. */
    private static IngestScenario.Outcome search(int capacity, Set<Integer> stallOnce, String rates, int probes,
            List<String> phases) {
        BenchSettings settings = BenchSettings.parse(new String[]{"--mode=smoke", "--cooldown=0", "--rates=" + rates,
                "--search-probes=" + probes});
        Set<Integer> stalled = new HashSet<>();
        IngestScenario.Runner receiver = (target, phase, rate, duration) -> {
            phases.add(phase);
            boolean stall = stallOnce.contains(rate) && stalled.add(rate);
            double p99 = rate <= capacity && !stall ? 5 : 500;
            return new RateResult(target.key(), phase, rate, 1, rate, rate, rate, Map.of(), 1, 2, p99, p99, p99, 0);
        };
        return new IngestScenario(settings, receiver, r -> {
        }).run(List.of(SERVICE), "service");
    }
}
