package dev.headshots.ingest.simulator;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The misbehaviour of one simulated job, fixed when the job is submitted. Image indices are 1-based, as in the file names
 * {@code 001.jpg}..{@code 060.jpg}. A failing image answers {@code failStatus} to its first {@code failTimes} GETs
 * ({@link Integer#MAX_VALUE}: to all of them) and is then served normally; a slow image sends its headers, waits
 * {@code slowDelay} and then sends its body; a truncated image declares its full Content-Length, sends about half of the bytes
 * and closes the connection; a missing image answers 404 NoSuchKey to every GET. {@code duplicateCallbacks} more copies of the
 * callback follow its first 2xx delivery, and a non-zero {@code submissionStatus} makes the submission itself answer that
 * status with a JSON error and create no job; {@code idField} answers the submission with {@code "id"} and
 * {@code submissionDelay} holds its answer back; {@code run} is how a run of the runs platform ends and what becomes of its
 * callbacks ({@link RunFaults}). Build one from {@link #none()} with the {@code with…} methods.
 */
public record Faults(Set<Integer> failingImages, int failTimes, int failStatus, Set<Integer> slowImages, Duration slowDelay,
        Set<Integer> truncatedImages, int duplicateCallbacks, int submissionStatus, boolean idField,
        Duration submissionDelay, Set<Integer> missingImages, RunFaults run) {

    public Faults {
        failingImages = Set.copyOf(failingImages);
        slowImages = Set.copyOf(slowImages);
        truncatedImages = Set.copyOf(truncatedImages);
        missingImages = Set.copyOf(missingImages);
        if (run == null) {
            throw new IllegalArgumentException("run faults are required: RunFaults.none() for none");
        }
        if (failTimes < 0 || duplicateCallbacks < 0 || slowDelay.isNegative() || submissionDelay.isNegative()) {
            throw new IllegalArgumentException("fault counts and delays cannot be negative");
        }
        if (failStatus < 400 || failStatus > 599
                || submissionStatus != 0 && (submissionStatus < 400 || submissionStatus > 599)) {
            throw new IllegalArgumentException("fault statuses must be 4xx or 5xx");
        }
    }

    /** No faults: every image is served at once and in full, the callback is sent once and the submission succeeds. */
    public static Faults none() {
        return new Faults(Set.of(), Integer.MAX_VALUE, 500, Set.of(), Duration.ZERO, Set.of(), 0, 0, false, Duration.ZERO,
                Set.of(), RunFaults.none());
    }

    /** Images {@code indices} answer {@link #failStatus()} to their first {@code times} requests. */
    public Faults withFailingImages(int times, int... indices) {
        return new Faults(indexSet(indices), times, failStatus, slowImages, slowDelay, truncatedImages, duplicateCallbacks,
                submissionStatus, idField, submissionDelay, missingImages, run);
    }

    /** The status failing images answer; 500 unless changed. */
    public Faults withFailStatus(int status) {
        return new Faults(failingImages, failTimes, status, slowImages, slowDelay, truncatedImages, duplicateCallbacks,
                submissionStatus, idField, submissionDelay, missingImages, run);
    }

    public Faults withSlowImages(Duration delay, int... indices) {
        return new Faults(failingImages, failTimes, failStatus, indexSet(indices), delay, truncatedImages, duplicateCallbacks,
                submissionStatus, idField, submissionDelay, missingImages, run);
    }

    public Faults withTruncatedImages(int... indices) {
        return new Faults(failingImages, failTimes, failStatus, slowImages, slowDelay, indexSet(indices), duplicateCallbacks,
                submissionStatus, idField, submissionDelay, missingImages, run);
    }

    public Faults withDuplicateCallbacks(int copies) {
        return new Faults(failingImages, failTimes, failStatus, slowImages, slowDelay, truncatedImages, copies,
                submissionStatus, idField, submissionDelay, missingImages, run);
    }

    /** The submission answers {@code status} (for example 500 or 503) instead of accepting the job. */
    public Faults withSubmissionStatus(int status) {
        return new Faults(failingImages, failTimes, failStatus, slowImages, slowDelay, truncatedImages, duplicateCallbacks,
                status, idField, submissionDelay, missingImages, run);
    }

    /** The submission answers with {@code "id"} instead of {@code "headshots_id"}, as some Runflow versions might. */
    public Faults withIdField() {
        return new Faults(failingImages, failTimes, failStatus, slowImages, slowDelay, truncatedImages, duplicateCallbacks,
                submissionStatus, true, submissionDelay, missingImages, run);
    }

    /** The submission's answer is held back this long (to exceed a client's read timeout). */
    public Faults withSubmissionDelay(Duration delay) {
        return new Faults(failingImages, failTimes, failStatus, slowImages, slowDelay, truncatedImages, duplicateCallbacks,
                submissionStatus, idField, delay, missingImages, run);
    }

    /**
     * Images {@code indices} are gone for good: every GET answers 404 NoSuchKey (after the signature check), as an object
     * deleted from Runflow's bucket would. Unlike a failing image it never recovers, so a copier must give up on it.
     */
    public Faults withMissingImages(int... indices) {
        return new Faults(failingImages, failTimes, failStatus, slowImages, slowDelay, truncatedImages, duplicateCallbacks,
                submissionStatus, idField, submissionDelay, indexSet(indices), run);
    }

    /** How a run of the runs platform misbehaves (ignored by the legacy endpoint). */
    public Faults withRun(RunFaults run) {
        return new Faults(failingImages, failTimes, failStatus, slowImages, slowDelay, truncatedImages, duplicateCallbacks,
                submissionStatus, idField, submissionDelay, missingImages, run);
    }

    boolean fails(int index, int hit) {
        return failingImages.contains(index) && hit <= failTimes;
    }

    private static Set<Integer> indexSet(int... indices) {
        if (IntStream.of(indices).anyMatch(index -> index < 1)) {
            throw new IllegalArgumentException("image indices start at 1");
        }
        return IntStream.of(indices).boxed().collect(Collectors.toUnmodifiableSet());
    }
}
