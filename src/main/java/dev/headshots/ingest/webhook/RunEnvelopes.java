package dev.headshots.ingest.webhook;

import java.time.Clock;
import java.time.Duration;
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
 * {@code duration_ms} a number, and {@code metadata} an object or null. A {@code completed_at} longer ago than
 * {@code headshots.webhook.run-max-age} is refused: {@code Runflow-Signature} carries no timestamp, so an envelope's own signed
 * {@code completed_at} is what keeps a recorded callback from being replayed once the tombstone of its erased job is gone
 * (tombstones are kept at least 7 days, longer than the bound). A batch callback ({@code batch_id}, no {@code run_id}) is about
 * no job we submit: it is acknowledged and ignored. Unknown fields are allowed.
 */
final class RunEnvelopes {

    private static final Map<Outcome, Set<String>> STATUSES = Map.of(
            Outcome.COMPLETED, Set.of("succeeded"),
            Outcome.PARTIAL, Set.of("partial_succeeded"),
            Outcome.FAILED, Set.of("failed"),
            Outcome.CANCELLED, Set.of("cancelled", "canceled"));

    /** The longest {@code run-max-age}: less than the 7 days a tombstone is kept at least. */
    static final Duration LONGEST_MAX_AGE = Duration.ofDays(6);

    private final int maxImages;
    private final int maxUrlLength;
    private final Clock clock;
    private final Duration maxAge;

    RunEnvelopes(int maxImages, int maxUrlLength, Clock clock, Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(LONGEST_MAX_AGE) > 0) {
            throw new IllegalArgumentException("headshots.webhook.run-max-age must be positive and at most 6d (less than the "
                    + "7 days a tombstone is kept), not " + maxAge);
        }
        this.maxImages = maxImages;
        this.maxUrlLength = maxUrlLength;
        this.clock = clock;
        this.maxAge = maxAge;
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
        OffsetDateTime completed = instant(root.get("completed_at"), "/completed_at", violations);
        if (completed != null && completed.toInstant().isBefore(clock.instant().minus(maxAge))) {
            violations.add(new Violation("/completed_at", "must be within the last " + hours(maxAge) + ": an older run "
                    + "callback is refused as a replay"));
        }
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

    /** The instant {@code node} holds, or null when it is absent or not one (a violation then). */
    private static OffsetDateTime instant(JsonNode node, String pointer, List<Violation> violations) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            if (node.isTextual() && node.asText().length() <= 64) {
                return OffsetDateTime.parse(node.asText());
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        violations.add(new Violation(pointer, "must be an ISO 8601 date-time with an offset"));
        return null;
    }

    private static String hours(Duration age) {
        return age.toMinutes() % 60 == 0 ? age.toHours() + "h" : age.toMinutes() + "min";
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isTextual() ? null : node.asText();
    }
}
