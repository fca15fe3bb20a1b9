package dev.headshots.ingest.bench;

import java.util.Map;

/**
 * The outcome of one open-loop step: {@code offered} callbacks per second for {@code seconds}. Latencies are in milliseconds,
 * measured from each request's intended send time (coordinated omission corrected), over the successful (200) answers.
 *
 * @param phase
 *            {@code warmup}, {@code fixed}, {@code search}, {@code retry}, {@code settle} or {@code half-max}
 * @param achieved
 *            successful answers per second over the step (its scheduled length, or longer if answers came later)
 * @param errors
 *            failed requests by kind: an HTTP status, {@code timeout}, {@code io}, {@code unfinished} (no answer when the step
 *            ended) or {@code not-sent} (the generator's own queue was full)
 * @param lagP99Ms
 *            how late the generator itself dispatched requests (p99); large values mean the client machine was saturated
 */
record RateResult(String target, String phase, int offered, double seconds, long sent, long ok, double achieved,
        Map<String, Long> errors, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs, double lagP99Ms) {

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether this step held the rate: p99 within the limit, at most 0.1% errors, and at least 95% of the offered rate. */
    boolean holds(double p99LimitMs) {
        return ok > 0 && p99Ms <= p99LimitMs && errorCount() <= sent / 1000 && achieved >= 0.95 * offered;
    }
}
