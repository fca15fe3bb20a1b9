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
 * Reads the bodies of {@code POST /admin/v1/tenants} and {@code PATCH /admin/v1/tenants/{id}} (a JSON merge patch: a field
 * present replaces, {@code null} restores its default, a field absent stays). Every violation is listed in one 422; a field
 * this API does not know is one, so that a typo never goes unnoticed.
 */
final class TenantRequests {

    static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,31}$");
    /** S3's rules for bucket names, less the dotted forms that cannot be reached over TLS by virtual host. */
    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    private static final Pattern PREFIX = Pattern.compile("^([A-Za-z0-9!_.*'()-]+/)*$");
    private static final int MAX_NAME = 200;
    private static final int MAX_PREFIX = 64;
    private static final int MAX_QUOTA = 1_000_000;
    private static final Set<String> FIELDS = Set.of("id", "name", "bucket", "key_prefix", "max_jobs_in_flight",
            "submissions_per_minute", "notify_url", "retention_images", "retention_tombstones");
    private static final Duration MIN_TOMBSTONES = Duration.ofDays(7);

    private TenantRequests() {
    }

    /** The tenant a creation asks for; its key prefix is {@code "{id}/"} unless given ({@code ""} for {@code default}). */
    static Tenant create(JsonNode body) {
        List<Violation> violations = new ArrayList<>();
        requireObject(body);
        unknownFields(body, violations);
        String id = text(body, "id", violations);
        if (id == null || !ID.matcher(id).matches()) {
            violations.add(new Violation("/id", "must match " + ID.pattern()));
        }
        String name = name(body.get("name"), violations);
        if (name == null && !violations.stream().anyMatch(v -> v.field().equals("/name"))) {
            violations.add(new Violation("/name", "is required"));
        }
        Tenant tenant = new Tenant(id, name, null, null, null, bucket(body, violations),
                body.hasNonNull("key_prefix") ? prefix(body, violations) : defaultPrefix(id),
                quota(body, "max_jobs_in_flight", violations), quota(body, "submissions_per_minute", violations),
                notifyUrl(body, violations), null, period(body, "retention_images", Duration.ofSeconds(1), violations),
                period(body, "retention_tombstones", MIN_TOMBSTONES, violations));
        return valid(tenant, violations);
    }

    /** {@code current} with {@code patch} applied. */
    static Tenant patch(Tenant current, JsonNode patch) {
        List<Violation> violations = new ArrayList<>();
        requireObject(patch);
        unknownFields(patch, violations);
        if (patch.has("id") && !current.id().equals(patch.get("id").asText(null))) {
            violations.add(new Violation("/id", "cannot be changed"));
        }
        String name = current.name();
        if (patch.has("name")) {
            name = name(patch.get("name"), violations);
            if (name == null) {
                violations.add(new Violation("/name", "cannot be removed"));
            }
        }
        Tenant tenant = new Tenant(current.id(), name, current.createdAt(), current.updatedAt(), current.disabledAt(),
                patch.has("bucket") ? bucket(patch, violations) : current.bucket(),
                patch.has("key_prefix")
                        ? (patch.get("key_prefix").isNull() ? defaultPrefix(current.id()) : prefix(patch, violations))
                        : current.keyPrefix(),
                patch.has("max_jobs_in_flight")
                        ? quota(patch, "max_jobs_in_flight", violations)
                        : current.maxJobsInFlight(),
                patch.has("submissions_per_minute")
                        ? quota(patch, "submissions_per_minute", violations)
                        : current.submissionsPerMinute(),
                patch.has("notify_url") ? notifyUrl(patch, violations) : current.notifyUrl(),
                current.notifyDisabledAt(),
                patch.has("retention_images")
                        ? period(patch, "retention_images", Duration.ofSeconds(1), violations)
                        : current.retentionImages(),
                patch.has("retention_tombstones")
                        ? period(patch, "retention_tombstones", MIN_TOMBSTONES, violations)
                        : current.retentionTombstones());
        return valid(tenant, violations);
    }

    static String defaultPrefix(String id) {
        return id == null || Tenant.DEFAULT.equals(id) ? "" : id + "/";
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(ProblemKind.MALFORMED_JSON, "The body must be a JSON object.");
        }
    }

    private static void unknownFields(JsonNode body, List<Violation> violations) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext();) {
            String field = fields.next().getKey();
            if (!FIELDS.contains(field)) {
                violations.add(new Violation("/" + field.replace("~", "~0").replace("/", "~1"), "is not a tenant field"));
            }
        }
    }

    private static String text(JsonNode body, String field, List<Violation> violations) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            violations.add(new Violation("/" + field, "must be a string"));
            return null;
        }
        return node.asText();
    }

    private static String name(JsonNode node, List<Violation> violations) {
        if (node == null || node.isNull()) {
            return null;
        }
        String name = node.isTextual() ? node.asText().strip() : null;
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            violations.add(new Violation("/name", "must be 1 to " + MAX_NAME + " characters, without control characters"));
            return null;
        }
        return name;
    }

    private static String bucket(JsonNode body, List<Violation> violations) {
        String bucket = text(body, "bucket", violations);
        if (bucket != null && (!BUCKET.matcher(bucket).matches() || bucket.contains(".."))) {
            violations.add(new Violation("/bucket", "must be an S3 bucket name (3 to 63 lowercase letters, digits, dots "
                    + "and hyphens)"));
        }
        return bucket;
    }

    private static String prefix(JsonNode body, List<Violation> violations) {
        String prefix = text(body, "key_prefix", violations);
        if (prefix != null && (prefix.length() > MAX_PREFIX || !PREFIX.matcher(prefix).matches()
                || prefix.contains("./") || prefix.startsWith("."))) {
            violations.add(new Violation("/key_prefix", "must be empty or path segments each ending in /, at most "
                    + MAX_PREFIX + " characters of A-Z a-z 0-9 ! _ . * ' ( ) -, no segment of dots alone"));
        }
        return prefix;
    }

    /**
     * The form of a {@code notify_url} (a string of at most 2048 characters); whether it may be notified is checked afterwards,
     * with a lookup of its host ({@code NotifyTargets}).
     */
    private static String notifyUrl(JsonNode body, List<Violation> violations) {
        String url = text(body, "notify_url", violations);
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
    private static Duration period(JsonNode body, String field, Duration min, List<Violation> violations) {
        String text = text(body, field, violations);
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
        violations.add(new Violation("/" + field, "must be an ISO-8601 duration of whole seconds (e.g. P30D), at least "
                + min + ", or null for the installation's"));
        return null;
    }

    private static Integer quota(JsonNode body, String field, List<Violation> violations) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1 || node.asInt() > MAX_QUOTA) {
            violations.add(new Violation("/" + field, "must be an integer from 1 to " + MAX_QUOTA + ", or null for no limit"));
            return null;
        }
        return node.asInt();
    }

    private static Tenant valid(Tenant tenant, List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new ProblemException(ProblemKind.VALIDATION_FAILED, "The tenant is not valid.", violations, null);
        }
        return tenant;
    }
}
