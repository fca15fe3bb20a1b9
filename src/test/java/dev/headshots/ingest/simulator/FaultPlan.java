package dev.headshots.ingest.simulator;

import java.time.Duration;
import java.util.stream.IntStream;

/**
 * Faults spread over a stream of jobs by a fixed rule, so that a long run knows in advance, from a job's ordinal alone, which
 * of its images fail and how: the chaos suite's mix. Ordinals count accepted submissions from 1. An {@code every} of 0 turns
 * that fault off.
 * <ul>
 * <li>transient: image {@code i} of job {@code n} answers 503 SlowDown to its first {@code transientTimes} GETs, then is
 * served, when {@code (n + i) % transientEvery == 0}, so about one image in {@code transientEvery};</li>
 * <li>missing: the last image of every {@code missingEvery}-th job answers 404 NoSuchKey for good (never also transient);</li>
 * <li>duplicate: every {@code duplicateEvery}-th job's callback is sent once more after it was accepted;</li>
 * <li>slow: image {@code i} of job {@code n} holds its body back {@code slowDelay} when {@code (n + i) % slowEvery == 1} (a
 * slow CDN, which keeps copies in flight long enough to be interrupted).</li>
 * </ul>
 */
public record FaultPlan(int transientEvery, int transientTimes, int missingEvery, int duplicateEvery, int slowEvery,
        Duration slowDelay) {

    public FaultPlan {
        if (transientEvery < 0 || transientTimes < 0 || missingEvery < 0 || duplicateEvery < 0 || slowEvery < 0
                || slowDelay.isNegative()) {
            throw new IllegalArgumentException("fault plan numbers cannot be negative");
        }
    }

    /** A plan without slow images. */
    public FaultPlan(int transientEvery, int transientTimes, int missingEvery, int duplicateEvery) {
        this(transientEvery, transientTimes, missingEvery, duplicateEvery, 0, Duration.ZERO);
    }

    /** The faults of the {@code ordinal}-th accepted job (1-based) with {@code imageCount} images. */
    public Faults faultsFor(int ordinal, int imageCount) {
        boolean missing = every(missingEvery, ordinal);
        int[] transientImages = IntStream.rangeClosed(1, imageCount)
                .filter(index -> transientEvery > 0 && transientTimes > 0 && (ordinal + index) % transientEvery == 0)
                .filter(index -> !(missing && index == imageCount))
                .toArray();
        int[] slowImages = IntStream.rangeClosed(1, imageCount)
                .filter(index -> slowEvery > 0 && !slowDelay.isZero() && (ordinal + index) % slowEvery == 1 % slowEvery)
                .toArray();
        Faults faults = Faults.none().withFailingImages(transientTimes, transientImages).withFailStatus(503)
                .withDuplicateCallbacks(every(duplicateEvery, ordinal) ? 1 : 0)
                .withSlowImages(slowImages.length == 0 ? Duration.ZERO : slowDelay, slowImages);
        return missing ? faults.withMissingImages(imageCount) : faults;
    }

    private static boolean every(int every, int ordinal) {
        return every > 0 && ordinal % every == 0;
    }
}
