package dev.headshots.ingest.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.headshots.ingest.callback.HeadshotsCompleted;
import dev.headshots.ingest.callback.RunflowEvent;
import dev.headshots.ingest.problem.Problem.Violation;
import dev.headshots.ingest.webhook.RunOutputs;

/**
 * What a poll of {@code GET /v1/runs/{id}} found, read from the run's {@code status_code}: a run still on its way
 * ({@code queued}, {@code dispatching}, {@code running}, or anything unknown), a terminal run whose outcome is ready to take as
 * a callback would bring it (the record to publish, marked as coming from the poll), or a terminal run with images whose
 * {@code output} does not carry them (expired, or not surfaced), for which a callback redelivery is asked. A failed run's error
 * is its {@code failure_code} and {@code failure_message}, or else the {@code code} and {@code message} of its output's error
 * envelope. Both spellings of a cancelled run ({@code cancelled}, {@code canceled}) are read.
 */
public record RunState(Kind kind, String statusCode, HeadshotsCompleted outcome) {

    /** Where the run stands. */
    public enum Kind {
        PENDING, OUTCOME, OUTPUT_MISSING
    }

    private static final Map<String, RunflowEvent> TERMINAL = Map.of(
            "succeeded", RunflowEvent.RUN_COMPLETED,
            "partial_succeeded", RunflowEvent.RUN_PARTIAL_SUCCEEDED,
            "failed", RunflowEvent.RUN_FAILED,
            "cancelled", RunflowEvent.RUN_CANCELLED,
            "canceled", RunflowEvent.RUN_CANCELLED);

    /** Reads {@code run}, the body of {@code GET /v1/runs/{id}} for job {@code id}, polled at {@code now}. */
    public static RunState of(UUID id, JsonNode run, Instant now, int maxImages, int maxUrlLength) {
        String status = run.path("status_code").asText("");
        RunflowEvent event = TERMINAL.get(status);
        if (event == null) {
            return new RunState(Kind.PENDING, status, null);
        }
        List<String> urls = List.of();
        if (event.outcome().copies()) {
            List<Violation> violations = new ArrayList<>();
            urls = RunOutputs.imageUrls(run.get("output"), event == RunflowEvent.RUN_PARTIAL_SUCCEEDED ? 0 : 1, maxImages,
                    maxUrlLength, violations);
            if (!violations.isEmpty()) {
                return new RunState(Kind.OUTPUT_MISSING, status, null);
            }
        }
        String code = null;
        String message = null;
        if (event == RunflowEvent.RUN_FAILED) {
            code = firstText(run.get("failure_code"), run.path("output").get("code"));
            message = RunOutputs.failureMessage(firstText(run.get("failure_message"), run.path("output").get("message")));
            code = RunOutputs.isFailureCode(code) ? code : null;
        }
        return new RunState(Kind.OUTCOME, status, new HeadshotsCompleted(event.wireName(), id, urls, now, code, message, null,
                HeadshotsCompleted.POLL));
    }

    private static String firstText(JsonNode first, JsonNode second) {
        if (first != null && first.isTextual()) {
            return first.asText();
        }
        return second != null && second.isTextual() ? second.asText() : null;
    }
}
