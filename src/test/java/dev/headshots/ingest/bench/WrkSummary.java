package dev.headshots.ingest.bench;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one wrk run reported, read from the line that {@code done()} of its script ({@code closed-loop.lua}) prints: answers,
 * errors by kind and the latency percentiles as wrk computes them (from each request's send to its answer, with wrk's own rough
 * correction for stalls: not the open loop's coordinated-omission-corrected latencies).
 *
 * @param requests
 *            answers received (any status), over {@code seconds}
 * @param statusErrors
 *            answers with a status above 399 (wrk's own count)
 * @param timeouts
 *            answers slower than wrk's {@code --timeout} (counted in {@code requests} too)
 */
record WrkSummary(double seconds, long requests, long statusErrors, long connectErrors, long readErrors, long writeErrors,
        long timeouts, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

    static final String PREFIX = "closed-loop-result ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The summary in wrk's output; fails, with the end of the output, if there is none. */
    static WrkSummary parse(String output) {
        String line = output.lines().filter(l -> l.startsWith(PREFIX)).reduce((first, last) -> last)
                .orElseThrow(() -> new IllegalStateException("wrk printed no result line; its output ends with: "
                        + output.substring(Math.max(0, output.length() - 600)).strip()));
        try {
            JsonNode j = JSON.readTree(line.substring(PREFIX.length()));
            return new WrkSummary(j.required("duration_us").asLong() / 1e6, count(j, "requests"),
                    count(j, "status_errors"), count(j, "connect_errors"), count(j, "read_errors"), count(j, "write_errors"),
                    count(j, "timeouts"), ms(j, "p50_us"), ms(j, "p90_us"), ms(j, "p99_us"), ms(j, "max_us"));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("wrk's result line cannot be read: " + line, e);
        }
    }

    private static long count(JsonNode json, String field) {
        return json.required(field).asLong();
    }

    private static double ms(JsonNode json, String field) {
        return Math.round(json.required(field).asDouble() / 10) / 100.0;
    }

    /** Answers with a status of 399 or less: 2xx, since the service's endpoints answer nothing in 1xx or 3xx. */
    long ok() {
        return requests - statusErrors;
    }

    /** Failed requests by kind, the kinds that occurred only. */
    Map<String, Long> errors() {
        Map<String, Long> errors = new TreeMap<>();
        Map.of("status>399", statusErrors, "connect", connectErrors, "read", readErrors, "write", writeErrors, "timeout",
                timeouts).forEach((kind, count) -> {
                    if (count > 0) {
                        errors.put(kind, count);
                    }
                });
        return errors;
    }

    long errorCount() {
        return statusErrors + connectErrors + readErrors + writeErrors + timeouts;
    }
}
