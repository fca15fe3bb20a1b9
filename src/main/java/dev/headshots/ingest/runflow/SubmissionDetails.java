package dev.headshots.ingest.runflow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.headshots.ingest.notify.NotifyTargets;
import dev.headshots.ingest.problem.Problem.Violation;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;

/**
 * What a submitting app may say about its job, as two optional form fields of {@code POST /v1/headshots}:
 * {@code client_reference_id} (1 to 200 characters, no control characters) and {@code metadata} (a JSON object of at most 20
 * string values, keys of 1 to 40 characters, values of at most 500). Both come back in the job view and in every event of the
 * job. A third, {@code notify_url}, is where the job's events are sent instead of its tenant's {@code notify_url}. Every
 * violation is listed in one 422; values are never echoed.
 */
public record SubmissionDetails(String clientReferenceId, Map<String, String> metadata, String notifyUrl) {

    static final int MAX_REFERENCE = 200;
    static final int MAX_KEYS = 20;
    static final int MAX_KEY = 40;
    static final int MAX_VALUE = 500;

    private static final ObjectMapper STRICT = JsonMapper
            .builder(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .build();

    public static final SubmissionDetails NONE = new SubmissionDetails(null, null, null);

    /** The details in the two form fields (each null when absent), or a 422 listing every violation. */
    public static SubmissionDetails read(String clientReferenceId, String metadata) {
        return read(clientReferenceId, metadata, null);
    }

    /**
     * The details in the form fields (each null when absent), {@code notify_url} included (its form only: whether it may be
     * notified is checked with a lookup of its host, by {@code NotifyTargets}), or a 422 listing every violation.
     */
    public static SubmissionDetails read(String clientReferenceId, String metadata, String notifyUrl) {
        List<Violation> violations = new ArrayList<>();
        Violation notifyUrlForm = NotifyTargets.formViolation(notifyUrl, "notify_url");
        if (notifyUrlForm != null) {
            violations.add(notifyUrlForm);
        }
        if (clientReferenceId != null && !isText(clientReferenceId, 1, MAX_REFERENCE)) {
            violations.add(new Violation("client_reference_id",
                    "must be 1 to " + MAX_REFERENCE + " characters, without control characters"));
        }
        Map<String, String> parsed = metadata == null ? null : metadata(metadata, violations);
        if (!violations.isEmpty()) {
            throw new ProblemException(ProblemKind.VALIDATION_FAILED, "The job's details are not valid.", violations, null);
        }
        return new SubmissionDetails(clientReferenceId, parsed, notifyUrl);
    }

    private static Map<String, String> metadata(String text, List<Violation> violations) {
        JsonNode root = parse(text);
        if (root == null || !root.isObject()) {
            violations.add(new Violation("metadata", "must be a JSON object of strings"));
            return null;
        }
        if (root.size() > MAX_KEYS) {
            violations.add(new Violation("metadata", "must have at most " + MAX_KEYS + " keys"));
        }
        Map<String, String> values = new LinkedHashMap<>();
        int position = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); position++) {
            Map.Entry<String, JsonNode> field = fields.next();
            checkEntry(position + 1, field.getKey(), field.getValue(), violations);
            values.put(field.getKey(), field.getValue().asText());
        }
        return values;
    }

    /** The JSON in {@code text}, duplicate keys refused; null when it is not JSON. */
    private static JsonNode parse(String text) {
        try {
            return STRICT.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** Adds a violation for the metadata's key at {@code number} (from 1) and one for its value, when they break the rules. */
    private static void checkEntry(int number, String key, JsonNode value, List<Violation> violations) {
        // Keys are named by position, not echoed: a key could carry what a value should not show either.
        if (!isText(key, 1, MAX_KEY)) {
            violations.add(new Violation("metadata", "key " + number + " must be 1 to " + MAX_KEY
                    + " characters, without control characters"));
        }
        if (!value.isTextual() || !isText(value.asText(), 0, MAX_VALUE)) {
            violations.add(new Violation("metadata", "the value of key " + number + " must be a string of at "
                    + "most " + MAX_VALUE + " characters, without control characters"));
        }
    }

    /** Between {@code min} and {@code max} characters (code points), none of them a control character. */
    private static boolean isText(String text, int min, int max) {
        int length = text.codePointCount(0, text.length());
        return length >= min && length <= max && text.codePoints().noneMatch(Character::isISOControl);
    }

    /** Never prints the values. */
    @Override
    public String toString() {
        return "SubmissionDetails[reference=" + (clientReferenceId == null ? "none" : "set") + ", metadata="
                + (metadata == null ? "none" : metadata.size() + " keys") + ", notify_url="
                + (notifyUrl == null ? "none" : "set")
                + "]";
    }
}
