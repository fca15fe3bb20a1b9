package dev.headshots.ingest.job;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.headshots.ingest.state.JobStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of {@code 202} to {@code POST /v1/headshots/{id}/replay}: the images that will be copied again, and those that could
 * not be because their source URL has expired.
 */
@RegisterForReflection
@Schema(requiredProperties = {"headshots_id", "status", "replay", "replayed", "not_replayed", "status_url"})
public record ReplayView(
        @JsonProperty("headshots_id") UUID headshotsId,
        @JsonProperty("status") JobStatus status,
        @JsonProperty("replay") int replay,
        @JsonProperty("replayed") List<Integer> replayed,
        @JsonProperty("not_replayed") List<Integer> notReplayed,
        @JsonProperty("status_url") String statusUrl) {
}
