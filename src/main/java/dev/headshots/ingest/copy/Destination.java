package dev.headshots.ingest.copy;

/**
 * Where a job's objects go: its tenant's bucket ({@code null} for {@code headshots.storage.bucket}) and key prefix, fixed when
 * the job was recorded. {@code tenantId} tags the copier's metrics.
 */
public record Destination(String tenantId, String bucket, String keyPrefix) {
}
