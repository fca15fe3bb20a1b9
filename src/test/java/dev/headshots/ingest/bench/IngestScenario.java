package dev.headshots.ingest.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Scenario 1, ingest: every target is warmed up, then offered each fixed rate in turn (targets interleaved per rate, so that
 * they share the machine's state), then each target's highest rate that holds p99 within the limit is searched (doubling past
 * the fixed rates if all held, then bisecting), and this service is offered half its maximum rate right after its own search,
 * before the next target's search loads the machine (Express's overload steps leave PostgreSQL writing for a while): first for
 * one step that settles it after the search's overload steps (phase {@code settle}, reported, not judged), then for the step
 * that is judged (phase {@code half-max}). On a shared machine one stall of a few hundred milliseconds fails a step, so a
 * failing rate that decides the search is run again once (phase {@code retry}, at most {@value #RETRIES} per target) and only a
 * second failure counts.
 */
final class IngestScenario {

    /** Highest rate a search may probe, so that a broken target cannot make it run away. */
    private static final int RATE_CAP = 64_000;
    static final int RETRIES = 2;

    /** Runs one open-loop step; {@link LoadGenerator#run} in a benchmark. */
    interface Runner {

        RateResult run(IngestTarget target, String phase, int rate, Duration duration);
    }

    private final BenchSettings settings;
    private final Runner generator;
    private final Consumer<RateResult> progress;

    IngestScenario(BenchSettings settings, Runner generator, Consumer<RateResult> progress) {
        this.settings = settings;
        this.generator = generator;
        this.progress = progress;
    }

    /** The steps run, and per target the maximum rate found (0 if even the lowest rate did not hold). */
    record Outcome(List<RateResult> steps, Map<String, Integer> maxRates) {
    }

    Outcome run(List<IngestTarget> targets, String halfMaxTarget) {
        List<RateResult> steps = new ArrayList<>();
        int lowest = settings.rates().stream().mapToInt(Integer::intValue).min().orElse(100);
        for (IngestTarget target : targets) {
            steps.add(step(target, "warmup", lowest));
        }
        for (int rate : settings.rates()) {
            for (IngestTarget target : targets) {
                steps.add(step(target, "fixed", rate));
            }
        }
        Map<String, Integer> maxRates = new LinkedHashMap<>();
        for (IngestTarget target : targets) {
            int max = search(target, steps);
            maxRates.put(target.key(), max);
            if (target.key().equals(halfMaxTarget) && max > 1) {
                steps.add(step(target, "settle", max / 2));
                steps.add(step(target, "half-max", max / 2));
            }
        }
        return new Outcome(steps, maxRates);
    }

    private int search(IngestTarget target, List<RateResult> steps) {
        int[] retries = {RETRIES};
        List<Integer> fixed = steps.stream()
                .filter(s -> s.target().equals(target.key()) && s.phase().equals("fixed"))
                .map(RateResult::offered).distinct().sorted().toList();
        int held = fixed.stream().filter(rate -> last(steps, target, rate).holds(settings.p99LimitMs()))
                .mapToInt(Integer::intValue).max().orElse(0);
        Integer failed = null;
        for (int rate : fixed) {
            if (rate <= held) {
                continue;
            }
            if (!holds(target, rate, last(steps, target, rate), steps, retries)) {
                failed = rate;
                break;
            }
            held = rate;
        }
        for (int probe = 0; probe < settings.searchProbes(); probe++) {
            int rate = failed == null ? Math.min(RATE_CAP, Math.max(held * 2, 100)) : roundTo25((held + failed) / 2);
            if (rate <= held || failed != null && failed - held <= Math.max(25, held / 20) || held >= RATE_CAP) {
                break;
            }
            RateResult result = step(target, "search", rate);
            steps.add(result);
            if (holds(target, rate, result, steps, retries)) {
                held = rate;
            } else {
                failed = rate;
            }
        }
        return held;
    }

    /** Whether {@code rate} holds: {@code result} did, or, while retries are left, the same rate run once more does. */
    private boolean holds(IngestTarget target, int rate, RateResult result, List<RateResult> steps, int[] retries) {
        if (result.holds(settings.p99LimitMs())) {
            return true;
        }
        if (retries[0] == 0) {
            return false;
        }
        retries[0]--;
        RateResult again = step(target, "retry", rate);
        steps.add(again);
        return again.holds(settings.p99LimitMs());
    }

    private static RateResult last(List<RateResult> steps, IngestTarget target, int rate) {
        RateResult last = null;
        for (RateResult step : steps) {
            if (step.target().equals(target.key()) && step.offered() == rate && !step.phase().equals("warmup")) {
                last = step;
            }
        }
        return last;
    }

    private RateResult step(IngestTarget target, String phase, int rate) {
        RateResult result = generator.run(target, phase, rate, phase.equals("warmup") ? settings.warmup() : settings.step());
        progress.accept(result);
        sleep(settings.cooldown().toMillis());
        return result;
    }

    private static int roundTo25(int rate) {
        return Math.max(25, Math.round(rate / 25f) * 25);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
