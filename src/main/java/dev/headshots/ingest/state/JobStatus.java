package dev.headshots.ingest.state;

/**
 * Where a job stands. {@code SUBMITTED}: sent to Runflow by us, no outcome yet. {@code COMPLETED}, {@code PARTIAL},
 * {@code FAILED} and {@code CANCELLED} are terminal: the job's outcome is known and published. {@code TIMED_OUT} is not
 * terminal: Runflow told us nothing by {@code headshots.runflow.callback-deadline}, which is announced, but a callback that
 * arrives later is still accepted and takes the job on to its outcome. {@code DELETING}: an erasure was asked for
 * ({@code DELETE /v1/headshots/{id}}, or retention) and the job's objects are being removed; {@code DELETED}: they are gone,
 * and the job is a tombstone. Neither is an outcome, and nothing brings an erased job back.
 */
public enum JobStatus {

    SUBMITTED, RECEIVED, COPYING, COMPLETED, PARTIAL, FAILED, CANCELLED, TIMED_OUT, DELETING, DELETED;

    /** Whether the job has its outcome for good (a replay may still start its failed images over). */
    public boolean isTerminal() {
        return this == COMPLETED || this == PARTIAL || this == FAILED || this == CANCELLED;
    }

    /** Whether the job's erasure was asked for: its images are gone or going, and a callback fetches nothing. */
    public boolean isErased() {
        return this == DELETING || this == DELETED;
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

    /**
     * The status of a job whose images are all settled, when Runflow itself reported a partial result
     * ({@code run.partial_succeeded}): never better than {@code PARTIAL}, whatever was copied of what it carried.
     */
    public JobStatus partial() {
        return this == COMPLETED ? PARTIAL : this;
    }
}
