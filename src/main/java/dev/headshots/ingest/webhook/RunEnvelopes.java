package dev.headshots.ingest.webhook;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.headshots.ingest.callback.RunflowEvent;
import dev.headshots.ingest.callback.RunflowEvent.Outcome;
import dev.headshots.ingest.problem.Problem.Violation;

/**
 * Checks the envelope of Runflow's runs platform, {@code {"event":"run.…","run_id",…,"output":{…},"metadata":…}}, field by
 * field, and every violation is listed (422). {@code run_id} must be a UUID; {@code output} carries 1 to {@code max-images}
 * image URLs for {@code run.completed} and 0 to {@code max-images} for {@code run.partial_succeeded} ({@link RunOutputs}); for
 * {@code run.failed} it is Runflow's error envelope, whose {@code code} (at most {@value RunOutputs#MAX_CODE} printable
 * characters) and {@code message} (kept to {@value RunOutputs#MAX_MESSAGE} characters, control characters blanked) are what the
 * job keeps; for {@code run.cancelled} it is not read. When present, {@code status} must agree with the event (the run record's
 * US spelling {@code canceled} is taken as well), {@code created_at} and {@code completed_at} must be ISO 8601 instants,
 * {@code duration_ms} a number, and {@code metadata} an object or null. A batch callback ({@code batch_id}, no {@code run_id})
 * is about no job we submit: it is acknowledged and ignored. Unknown fields are allowed.
 */
final class RunEnvelopes {

    private static final Map<Outcome, Set<String>> STATUSES = Map.of(
            Outcome.COMPLETED, Set.of("succeeded"),
            Outcome.PARTIAL, Set.of("partial_succeeded"),
            Outcome.FAILED, Set.of("failed"),
            Outcome.CANCELLED, Set.of("cancelled", "canceled"));

    private final int maxImages;
    private final int maxUrlLength;

    RunEnvelopes(int maxImages, int maxUrlLength) {
        this.maxImages = maxImages;
        this.maxUrlLength = maxUrlLength;
    }

    CallbackBody validate(JsonNode root, RunflowEvent event) {
        if (!root.has("run_id") && root.has("batch_id")) {
            return new CallbackBody(event.wireName(), null, List.of(), null);
        }
        List<Violation> violations = new ArrayList<>();
        UUID id = CallbackValidator.uuid(root.get("run_id"), "/run_id", violations);
        status(root.get("status"), event.outcome(), violations);
        List<String> urls = event.outcome().copies()
                ? RunOutputs.imageUrls(root.get("output"), event.outcome() == Outcome.PARTIAL ? 0 : 1, maxImages,
                        maxUrlLength, violations)
                : List.of();
        CallbackBody.Run run = new CallbackBody.Run(null, null, metadata(root.get("metadata"), violations));
        if (event.outcome() == Outcome.FAILED) {
            run = failure(root.get("output"), run.metadata(), violations);
        }
        instant(root.get("created_at"), "/created_at", violations);
        instant(root.get("completed_at"), "/completed_at", violations);
        JsonNode duration = root.get("duration_ms");
        if (duration != null && !duration.isNull() && !duration.isNumber()) {
            violations.add(new Violation("/duration_ms", "must be a number"));
        }
        if (!violations.isEmpty()) {
            throw CallbackValidator.invalid(violations);
        }
        return new CallbackBody(event.wireName(), id, urls, null, run);
    }

    private static void status(JsonNode status, Outcome outcome, List<Violation> violations) {
        if (status != null && (!status.isTextual() || !STATUSES.get(outcome).contains(status.asText()))) {
            violations.add(new Violation("/status", "must be " + String.join(" or ", STATUSES.get(outcome).stream()
                    .sorted().toList()) + " for this event"));
        }
    }

    /** Runflow's error envelope of a failed run: {@code {"code": …, "message": …}}, either may be missing. */
    private static CallbackBody.Run failure(JsonNode output, JsonNode metadata, List<Violation> violations) {
        if (output == null || output.isNull()) {
            return new CallbackBody.Run(null, null, metadata);
        }
        if (!output.isObject()) {
            violations.add(new Violation("/output", "must be an error object with code and message, or null"));
            return new CallbackBody.Run(null, null, metadata);
        }
        JsonNode code = output.get("code");
        JsonNode message = output.get("message");
        if (code != null && !code.isNull() && (!code.isTextual() || !RunOutputs.isFailureCode(code.asText()))) {
            violations.add(
                    new Violation("/output/code", "must be a string of 1 to " + RunOutputs.MAX_CODE + " printable characters"));
        }
        if (message != null && !message.isNull() && !message.isTextual()) {
            violations.add(new Violation("/output/message", "must be a string"));
        }
        return new CallbackBody.Run(text(code), RunOutputs.failureMessage(text(message)), metadata);
    }

    private static JsonNode metadata(JsonNode metadata, List<Violation> violations) {
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!metadata.isObject()) {
            violations.add(new Violation("/metadata", "must be an object or null"));
            return null;
        }
        return metadata;
    }

    private static void instant(JsonNode node, String pointer, List<Violation> violations) {
        if (node == null || node.isNull()) {
            return;
        }
        try {
            if (node.isTextual() && node.asText().length() <= 64) {
                OffsetDateTime.parse(node.asText());
                return;
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        violations.add(new Violation(pointer, "must be an ISO 8601 date-time with an offset"));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isTextual() ? null : node.asText();
    }
}
