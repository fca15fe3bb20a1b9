package dev.headshots.ingest.simulator;

/**
 * The misbehaviour of one run of the runs platform, part of its {@link Faults}. {@code outcome}: how the run ends (succeeded,
 * failed with an error envelope, canceled, or partially succeeded with its first {@code partialImages} images; -1 for half of
 * them). {@code drop}: callbacks that are never sent, as if Runflow lost them ({@code AUTOMATIC}: the job's own delivery and
 * its retries; {@code ALL}: redeliveries and re-sends too); a run's delivery history shows them failed. The drop applies to a
 * job of the legacy endpoint as well; the other switches only to runs. {@code wrongSecret}: sign with a secret nobody
 * registered. {@code outputOnPoll}: whether {@code GET /v1/runs/{id}} shows the output (off: a finished run shows none, so that
 * a poller has to ask for a redelivery).
 */
public record RunFaults(Outcome outcome, int partialImages, Drop drop, boolean wrongSecret, boolean outputOnPoll) {

    /** How a run ends. */
    public enum Outcome {
        SUCCEEDED, FAILED, CANCELED, PARTIAL
    }

    /** Which callbacks are lost. */
    public enum Drop {
        NONE, AUTOMATIC, ALL
    }

    public RunFaults {
        if (partialImages < -1) {
            throw new IllegalArgumentException("partialImages is a count, or -1 for half");
        }
    }

    public static RunFaults none() {
        return new RunFaults(Outcome.SUCCEEDED, -1, Drop.NONE, false, true);
    }

    public RunFaults withOutcome(Outcome outcome) {
        return new RunFaults(outcome, partialImages, drop, wrongSecret, outputOnPoll);
    }

    /** The run partially succeeds, with its first {@code images} images. */
    public RunFaults withPartial(int images) {
        return new RunFaults(Outcome.PARTIAL, images, drop, wrongSecret, outputOnPoll);
    }

    public RunFaults withDrop(Drop drop) {
        return new RunFaults(outcome, partialImages, drop, wrongSecret, outputOnPoll);
    }

    public RunFaults withWrongSecret() {
        return new RunFaults(outcome, partialImages, drop, true, outputOnPoll);
    }

    public RunFaults withoutOutputOnPoll() {
        return new RunFaults(outcome, partialImages, drop, wrongSecret, false);
    }

    /** Whether a delivery is lost: an automatic one unless nothing is dropped, a redelivery only when everything is. */
    boolean drops(boolean automatic) {
        return drop == Drop.ALL || drop == Drop.AUTOMATIC && automatic;
    }

    /** How many of {@code imageCount} images a partial run carries. */
    int partialOf(int imageCount) {
        return partialImages < 0 ? imageCount / 2 : Math.min(partialImages, imageCount);
    }
}
