package dev.headshots.ingest.callback;

import java.util.Optional;

import dev.headshots.ingest.state.JobStatus;

/**
 * The callback events Runflow sends that we act on, by their name on the wire, each with the outcome it reports. The legacy
 * endpoint sends {@code headshots.completed}; the runs platform sends its envelope with one of the four {@code run.*} events
 * (UK spelling: {@code run.cancelled}). {@code headshots.completed} and {@code run.completed} report the same outcome, so that
 * one after the other is a repeat, not a contradiction.
 */
public enum RunflowEvent {

    HEADSHOTS_COMPLETED("headshots.completed", Outcome.COMPLETED), RUN_COMPLETED("run.completed",
            Outcome.COMPLETED), RUN_PARTIAL_SUCCEEDED("run.partial_succeeded", Outcome.PARTIAL), RUN_FAILED("run.failed",
                    Outcome.FAILED), RUN_CANCELLED("run.cancelled", Outcome.CANCELLED);

    /** What Runflow says became of a job: the first one applied is final, a different one later is a contradiction. */
    public enum Outcome {

        COMPLETED, PARTIAL, FAILED, CANCELLED;

        /** Whether the event carries image URLs to copy; otherwise it ends the job at once, with nothing to fetch. */
        public boolean copies() {
            return this == COMPLETED || this == PARTIAL;
        }

        /** The terminal status of a job this outcome ends without a copy ({@code FAILED} or {@code CANCELLED}). */
        public JobStatus endStatus() {
            return this == CANCELLED ? JobStatus.CANCELLED : JobStatus.FAILED;
        }
    }

    private final String wireName;
    private final Outcome outcome;

    RunflowEvent(String wireName, Outcome outcome) {
        this.wireName = wireName;
        this.outcome = outcome;
    }

    public String wireName() {
        return wireName;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Whether this is an event of the runs platform's envelope ({@code run.*}). */
    public boolean isRun() {
        return this != HEADSHOTS_COMPLETED;
    }

    /** The event of this wire name, or empty for any other (which is acknowledged and ignored). */
    public static Optional<RunflowEvent> of(String wireName) {
        for (RunflowEvent event : values()) {
            if (event.wireName.equals(wireName)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }
}
