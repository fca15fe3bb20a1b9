package dev.headshots.ingest.bench;

import java.util.Map;

/**
 * One wrk run of the closed loop against one target, with the CPU time each process used during it, per answered request.
 *
 * @param phase
 *            {@code warmup} (discarded) or {@code measured}
 * @param round
 *            from 1; within a round every target runs once, in the same order
 * @param requests
 *            answers received, any status
 * @param requestsPerSecond
 *            2xx answers per second
 * @param errors
 *            failed requests by kind, as {@link WrkSummary#errors()}
 * @param serviceCpuUsPerRequest
 *            CPU time of the service per answered request, in µs (and of the Kafka broker, and of wrk itself, in the next two);
 *            NaN when the process could not be read
 */
record ClosedLoopRun(String target, String phase, int round, double seconds, long requests, long ok,
        double requestsPerSecond, Map<String, Long> errors, double p50Ms, double p90Ms, double p99Ms, double maxMs,
        double serviceCpuUsPerRequest, double brokerCpuUsPerRequest, double wrkCpuUsPerRequest) {

    /** A run from wrk's summary and the CPU seconds the service, the broker and wrk used during it (negative: unknown). */
    static ClosedLoopRun of(String target, String phase, int round, WrkSummary wrk, double serviceCpu, double brokerCpu,
            double wrkCpu) {
        return new ClosedLoopRun(target, phase, round, wrk.seconds(), wrk.requests(), wrk.ok(),
                Math.round(wrk.ok() / wrk.seconds() * 10) / 10.0, wrk.errors(), wrk.p50Ms(), wrk.p90Ms(), wrk.p99Ms(),
                wrk.maxMs(), perRequest(serviceCpu, wrk.requests()), perRequest(brokerCpu, wrk.requests()),
                perRequest(wrkCpu, wrk.requests()));
    }

    private static double perRequest(double cpuSeconds, long requests) {
        return cpuSeconds < 0 || requests == 0 ? Double.NaN : Math.round(cpuSeconds * 1e7 / requests) / 10.0;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether this run did not work: no 2xx answer, or errors above 0.1% of the answers. Never a matter of speed. */
    boolean failed() {
        return ok == 0 || errorCount() * 1000 > requests;
    }
}
