package dev.headshots.ingest.bench;

import java.util.List;
import java.util.Map;

/**
 * One copier's run of the copy scenario. Throughput is over the whole run (first callback or first request to the last image
 * stored); a job's time runs from its callback (for the baselines: from the start, when every job is already known) to its last
 * image stored. {@code MB} are 10^6 bytes.
 */
record CopyResult(String copier, int jobs, int images, int stored, int failed, long bytes, double seconds,
        double imagesPerSecond, double mbPerSecond, double jobP50Seconds, double jobP99Seconds, double jobMaxSeconds,
        Map<String, Integer> jobStatuses) {

    static CopyResult of(String copier, int jobs, int images, int stored, long bytes, double seconds,
            List<Double> jobSeconds, Map<String, Integer> statuses) {
        List<Double> sorted = jobSeconds.stream().sorted().toList();
        return new CopyResult(copier, jobs, images, stored, images - stored, bytes, round(seconds),
                round(stored / seconds), round(bytes / 1e6 / seconds), round(rank(sorted, 50)), round(rank(sorted, 99)),
                round(sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)), statuses);
    }

    /** Nearest-rank percentile. */
    static double rank(List<Double> sorted, double percentile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
