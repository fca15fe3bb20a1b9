package dev.headshots.ingest.intake;

import dev.headshots.ingest.callback.RunflowEvent;

/**
 * What a Runflow event does to a job, given the event the job already took its outcome from: a job's first outcome is final.
 * {@code APPLY}: the job has no outcome yet (never heard of, {@code SUBMITTED} or {@code TIMED_OUT}), so it takes this one.
 * {@code DUPLICATE}: the same outcome again (a retry, a redelivery, a replay, or the poll's copy of a callback), which only
 * resumes the images still due. {@code CONTRARY}: another outcome after the first (a {@code run.failed} after a
 * {@code run.completed}), which changes nothing and is only recorded. {@code CLOSED}: any event for a job that was cancelled on
 * our side or erased, which is only recorded: it fetches nothing, so it can never bring images back. A terminal state never
 * goes backwards.
 */
public enum Verdict {

    APPLY, DUPLICATE, CONTRARY, CLOSED;

    /** The verdict on {@code incoming} for a job whose outcome came from {@code applied} (null: none yet). */
    public static Verdict of(RunflowEvent applied, RunflowEvent incoming) {
        if (applied == null) {
            return APPLY;
        }
        return applied.outcome() == incoming.outcome() ? DUPLICATE : CONTRARY;
    }

    /** The name recorded in {@code runflow_delivery.outcome}. */
    public String recorded() {
        return switch (this) {
            case APPLY -> "applied";
            case DUPLICATE -> "duplicate";
            case CONTRARY -> "contrary";
            case CLOSED -> "closed";
        };
    }
}
