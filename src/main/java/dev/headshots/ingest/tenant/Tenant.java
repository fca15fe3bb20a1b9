package dev.headshots.ingest.tenant;

import java.time.Duration;
import java.time.Instant;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A customer of the team that runs the service, as stored in {@code tenant}. {@code bucket} is null for the installation's
 * bucket ({@code headshots.storage.bucket}); {@code keyPrefix} starts every object key of its jobs; a null quota is no limit.
 * {@code notifyUrl} is where its jobs' events are sent (null: nowhere, unless a job names its own), and
 * {@code notifyDisabledAt} when a 410 Gone from it disabled it. {@code retentionImages} and {@code retentionTombstones} are its
 * own retention periods (null: the installation's); the shorter of its own and the installation's applies.
 */
public record Tenant(String id, String name, Instant createdAt, Instant updatedAt, Instant disabledAt, String bucket,
        String keyPrefix, Integer maxJobsInFlight, Integer submissionsPerMinute, String notifyUrl, Instant notifyDisabledAt,
        Duration retentionImages, Duration retentionTombstones) {

    /** The tenant that owns {@code headshots.api.keys}, the jobs of before tenants, and callbacks of unknown jobs. */
    public static final String DEFAULT = "default";

    static final String COLUMNS = "id, name, created_at, updated_at, disabled_at, bucket, key_prefix, max_jobs_in_flight, "
            + "submissions_per_minute, notify_url, notify_disabled_at, "
            + "extract(epoch FROM retention_images)::bigint AS retention_images_seconds, "
            + "extract(epoch FROM retention_tombstones)::bigint AS retention_tombstones_seconds";

    static Tenant from(Row row) {
        return new Tenant(row.getString("id"), row.getString("name"), instant(row, "created_at"),
                instant(row, "updated_at"), instant(row, "disabled_at"), row.getString("bucket"),
                row.getString("key_prefix"), row.getInteger("max_jobs_in_flight"),
                row.getInteger("submissions_per_minute"), row.getString("notify_url"), instant(row, "notify_disabled_at"),
                seconds(row, "retention_images_seconds"), seconds(row, "retention_tombstones_seconds"));
    }

    public boolean isDisabled() {
        return disabledAt != null;
    }

    private static Duration seconds(Row row, String column) {
        Long value = row.getLong(column);
        return value == null ? null : Duration.ofSeconds(value);
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
