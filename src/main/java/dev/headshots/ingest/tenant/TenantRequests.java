package dev.headshots.ingest.tenant;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the bodies of {@code POST /admin/v1/tenants} and {@code PATCH /admin/v1/tenants/{id}} (a JSON merge patch: a field
 * present replaces, {@code null} restores its default, a field absent stays). Every violation is listed in one 422; a field
 * this API does not know is one, so that a typo never goes unnoticed.
 */
final class TenantRequests {

    static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,31}$");
    private static final Set<String> FIELDS = Set.of("id", "name", "bucket", "key_prefix", "max_jobs_in_flight",
            "submissions_per_minute", "notify_url", "retention_images", "retention_tombstones");
    private static final Duration MIN_IMAGES = Duration.ofSeconds(1);
    private static final Duration MIN_TOMBSTONES = Duration.ofDays(7);
    private static final String INVALID = "The tenant is not valid.";

    private TenantRequests() {
    }

    /** The tenant a creation asks for; its key prefix is {@code "{id}/"} unless given ({@code ""} for {@code default}). */
    static Tenant create(JsonNode body) {
        TenantFields fields = new TenantFields(body, FIELDS);
        String id = fields.text("id");
        if (id == null || !ID.matcher(id).matches()) {
            fields.violate("/id", "must match " + ID.pattern());
        }
        String name = fields.name();
        if (name == null && !fields.violated("/name")) {
            fields.violate("/name", "is required");
        }
        Tenant tenant = new Tenant(id, name, null, null, null, fields.bucket(),
                fields.hasNonNull("key_prefix") ? fields.prefix() : defaultPrefix(id),
                fields.quota("max_jobs_in_flight"), fields.quota("submissions_per_minute"), fields.notifyUrl(), null,
                fields.period("retention_images", MIN_IMAGES), fields.period("retention_tombstones", MIN_TOMBSTONES));
        return fields.valid(tenant, INVALID);
    }

    /** {@code current} with {@code patch} applied. */
    static Tenant patch(Tenant current, JsonNode patch) {
        TenantFields fields = new TenantFields(patch, FIELDS);
        if (fields.has("id") && !current.id().equals(patch.get("id").asText(null))) {
            fields.violate("/id", "cannot be changed");
        }
        String name = current.name();
        if (fields.has("name")) {
            name = fields.name();
            if (name == null) {
                fields.violate("/name", "cannot be removed");
            }
        }
        Tenant tenant = new Tenant(current.id(), name, current.createdAt(), current.updatedAt(), current.disabledAt(),
                replaced(fields, "bucket", current.bucket(), fields::bucket),
                replaced(fields, "key_prefix", current.keyPrefix(),
                        () -> fields.isNull("key_prefix") ? defaultPrefix(current.id()) : fields.prefix()),
                replaced(fields, "max_jobs_in_flight", current.maxJobsInFlight(), () -> fields.quota("max_jobs_in_flight")),
                replaced(fields, "submissions_per_minute", current.submissionsPerMinute(),
                        () -> fields.quota("submissions_per_minute")),
                replaced(fields, "notify_url", current.notifyUrl(), fields::notifyUrl), current.notifyDisabledAt(),
                replaced(fields, "retention_images", current.retentionImages(),
                        () -> fields.period("retention_images", MIN_IMAGES)),
                replaced(fields, "retention_tombstones", current.retentionTombstones(),
                        () -> fields.period("retention_tombstones", MIN_TOMBSTONES)));
        return fields.valid(tenant, INVALID);
    }

    static String defaultPrefix(String id) {
        return id == null || Tenant.DEFAULT.equals(id) ? "" : id + "/";
    }

    /** The patched value of {@code field}: read if the patch has it, {@code current} if not. */
    private static <T> T replaced(TenantFields fields, String field, T current, Supplier<T> read) {
        return fields.has(field) ? read.get() : current;
    }
}
