package dev.headshots.ingest.tenant;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.headshots.ingest.notify.NotifyTargets;
import dev.headshots.ingest.problem.Problem.Violation;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;

/**
 * The fields of one tenant request body ({@link TenantRequests}), each read and checked when asked for; every violation is
 * kept, in the order the fields were read, for one 422 that lists them all.
 */
final class TenantFields {

    /** S3's rules for bucket names, less the dotted forms that cannot be reached over TLS by virtual host. */
    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    private static final Pattern PREFIX = Pattern.compile("^([A-Za-z0-9!_.*'()-]+/)*$");
    private static final int MAX_NAME = 200;
    private static final int MAX_PREFIX = 64;
    private static final int MAX_QUOTA = 1_000_000;

    private final JsonNode body;
    private final List<Violation> violations = new ArrayList<>();

    /** The fields of {@code body}, which must be a JSON object; a field not in {@code known} is a violation. */
    TenantFields(JsonNode body, Set<String> known) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(ProblemKind.MALFORMED_JSON, "The body must be a JSON object.");
        }
        this.body = body;
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext();) {
            String field = fields.next().getKey();
            if (!known.contains(field)) {
                violate("/" + field.replace("~", "~0").replace("/", "~1"), "is not a tenant field");
            }
        }
    }

    boolean has(String field) {
        return body.has(field);
    }

    boolean isNull(String field) {
        return body.get(field).isNull();
    }

    boolean hasNonNull(String field) {
        return body.hasNonNull(field);
    }

    void violate(String pointer, String message) {
        violations.add(new Violation(pointer, message));
    }

    boolean violated(String pointer) {
        return violations.stream().anyMatch(v -> v.field().equals(pointer));
    }

    /** {@code value}, if no field was found wrong; otherwise one 422 listing every violation. */
    <T> T valid(T value, String title) {
        if (!violations.isEmpty()) {
            throw new ProblemException(ProblemKind.VALIDATION_FAILED, title, violations, null);
        }
        return value;
    }

    String text(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            violate("/" + field, "must be a string");
            return null;
        }
        return node.asText();
    }

    String name() {
        JsonNode node = body.get("name");
        if (node == null || node.isNull()) {
            return null;
        }
        String name = node.isTextual() ? node.asText().strip() : null;
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            violate("/name", "must be 1 to " + MAX_NAME + " characters, without control characters");
            return null;
        }
        return name;
    }

    String bucket() {
        String bucket = text("bucket");
        if (bucket != null && (!BUCKET.matcher(bucket).matches() || bucket.contains(".."))) {
            violate("/bucket", "must be an S3 bucket name (3 to 63 lowercase letters, digits, dots "
                    + "and hyphens)");
        }
        return bucket;
    }

    String prefix() {
        String prefix = text("key_prefix");
        if (prefix != null && (prefix.length() > MAX_PREFIX || !PREFIX.matcher(prefix).matches()
                || prefix.contains("./") || prefix.startsWith("."))) {
            violate("/key_prefix", "must be empty or path segments each ending in /, at most "
                    + MAX_PREFIX + " characters of A-Z a-z 0-9 ! _ . * ' ( ) -, no segment of dots alone");
        }
        return prefix;
    }

    /**
     * The form of a {@code notify_url} (a string of at most 2048 characters); whether it may be notified is checked afterwards,
     * with a lookup of its host ({@code NotifyTargets}).
     */
    String notifyUrl() {
        String url = text("notify_url");
        Violation form = NotifyTargets.formViolation(url, "/notify_url");
        if (form != null) {
            violations.add(form);
            return null;
        }
        return url;
    }

    /**
     * A retention period: an ISO-8601 duration ({@code P90D}, {@code PT12H}) of whole seconds, at least {@code min}, or null
     * for the installation's. The shorter of the tenant's and the installation's applies.
     */
    Duration period(String field, Duration min) {
        String text = text(field);
        if (text == null) {
            return null;
        }
        try {
            Duration period = Duration.parse(text);
            if (period.compareTo(min) >= 0 && period.getNano() == 0) {
                return period;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        violate("/" + field, "must be an ISO-8601 duration of whole seconds (e.g. P30D), at least "
                + min + ", or null for the installation's");
        return null;
    }

    Integer quota(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1 || node.asInt() > MAX_QUOTA) {
            violate("/" + field, "must be an integer from 1 to " + MAX_QUOTA + ", or null for no limit");
            return null;
        }
        return node.asInt();
    }
}
