package dev.headshots.ingest.chaos;

import java.time.Duration;

import dev.headshots.ingest.simulator.FaultPlan;

/**
 * How big a chaos run is, chosen with {@code -Dchaos.scale}: {@code ci} (the default, part of {@code ./mvnw verify}: 8 small
 * images per job, a job every 0.6 s; about 3 minutes on a 2-core machine, load check included) or {@code full} (60 full-size
 * images per job, as Runflow sends them, a job every 3 s, and longer recoveries). The fault plan is the same mix at both
 * scales. The stream lasts as long as the disruptions and the recoveries after them take.
 *
 * @param imagesPerJob
 *            images in each callback of the stream
 * @param smallImages
 *            whether the simulator serves 192×256 images instead of 768×1024 ones
 * @param submitEvery
 *            the pace of the continuous submissions
 * @param settleJobs
 *            jobs submitted after a disruption that must finish before the run moves on (the recovery condition)
 * @param faults
 *            which images fail and how, by job ordinal
 * @param loadCallbacks
 *            callbacks in the load burst
 * @param loadImagesPerCallback
 *            images in each of them
 * @param loadConcurrency
 *            requests in flight at once during the burst
 */
record ChaosScale(String name, int imagesPerJob, boolean smallImages, Duration submitEvery, int settleJobs,
        int inFlightAtKill, FaultPlan faults, int loadCallbacks, int loadImagesPerCallback, int loadConcurrency) {

    static ChaosScale fromSystemProperty() {
        String name = System.getProperty("chaos.scale", "ci");
        return switch (name) {
            case "ci" -> new ChaosScale(name, 8, true, Duration.ofMillis(600), 6, 3,
                    new FaultPlan(7, 2, 10, 5, 3, Duration.ofMillis(1500)), 5000, 1, 200);
            case "full" -> new ChaosScale(name, 60, false, Duration.ofSeconds(3), 8, 6,
                    new FaultPlan(7, 2, 10, 5, 10, Duration.ofMillis(1500)), 5000, 3, 200);
            default -> throw new IllegalArgumentException("chaos.scale is ci or full, not " + name);
        };
    }
}
