package dev.headshots.ingest.job;

/**
 * Where a job stands. {@code SUBMITTED}: sent to Runflow by us, no callback yet. {@code COMPLETED}, {@code PARTIAL} and
 * {@code FAILED} are terminal.
 */
public enum JobStatus {

    SUBMITTED, RECEIVED, COPYING, COMPLETED, PARTIAL, FAILED;

    public boolean isTerminal() {
        return this == COMPLETED || this == PARTIAL || this == FAILED;
    }

    /**
     * The status a job has given how many of its images are stored and failed for good; the others are still to copy.
     */
    public static JobStatus of(int total, int stored, int failed) {
        if (stored + failed < total) {
            return COPYING;
        }
        if (failed == 0) {
            return COMPLETED;
        }
        return stored == 0 ? FAILED : PARTIAL;
    }
}
