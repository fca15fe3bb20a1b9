package dev.headshots.ingest.tenant;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A tenant as the admin API shows it. {@code bucket} is where its new jobs' objects go (the installation's bucket unless it has
 * its own); a {@code null} quota is no limit. {@code notify_url} is where its jobs' events are sent, and
 * {@code notify_disabled_at} when a 410 Gone from it disabled it (null while it is enabled). {@code retention_images} and
 * {@code retention_tombstones} are its own retention periods as ISO-8601 durations (null: the installation's).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(requiredProperties = {"id", "name", "created_at", "updated_at", "disabled_at", "bucket", "key_prefix",
        "max_jobs_in_flight", "submissions_per_minute", "notify_url", "notify_disabled_at", "retention_images",
        "retention_tombstones"})
public record TenantView(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("disabled_at") @Schema(nullable = true) Instant disabledAt,
        @JsonProperty("bucket") String bucket,
        @JsonProperty("key_prefix") String keyPrefix,
        @JsonProperty("max_jobs_in_flight") @Schema(nullable = true) Integer maxJobsInFlight,
        @JsonProperty("submissions_per_minute") @Schema(nullable = true) Integer submissionsPerMinute,
        @JsonProperty("notify_url") @Schema(nullable = true) String notifyUrl,
        @JsonProperty("notify_disabled_at") @Schema(nullable = true) Instant notifyDisabledAt,
        @JsonProperty("retention_images") @Schema(nullable = true) String retentionImages,
        @JsonProperty("retention_tombstones") @Schema(nullable = true) String retentionTombstones) {

    static TenantView of(Tenant tenant, String defaultBucket) {
        return new TenantView(tenant.id(), tenant.name(), tenant.createdAt(), tenant.updatedAt(), tenant.disabledAt(),
                tenant.bucket() == null ? defaultBucket : tenant.bucket(), tenant.keyPrefix(), tenant.maxJobsInFlight(),
                tenant.submissionsPerMinute(), tenant.notifyUrl(), tenant.notifyDisabledAt(), iso(tenant.retentionImages()),
                iso(tenant.retentionTombstones()));
    }

    private static String iso(java.time.Duration duration) {
        return duration == null ? null : duration.toString();
    }

    /** A page of tenants by id, and the {@code after} of the next page (null on the last one). */
    @RegisterForReflection
    @Schema(name = "TenantPage", requiredProperties = {"items", "next"})
    public record Page(@JsonProperty("items") List<TenantView> items,
            @JsonProperty("next") @Schema(nullable = true) String next) {
    }
}
