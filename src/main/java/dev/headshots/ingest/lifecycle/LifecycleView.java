package dev.headshots.ingest.lifecycle;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.headshots.ingest.state.JobStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of {@code POST /v1/headshots/{id}/cancel} and {@code DELETE /v1/headshots/{id}}: the job, its status now
 * ({@code CANCELLED}, {@code DELETING} while its objects are being removed, or {@code DELETED}), and where to follow it.
 */
@RegisterForReflection
@Schema(requiredProperties = {"headshots_id", "status", "status_url"})
public record LifecycleView(
        @JsonProperty("headshots_id") UUID headshotsId,
        @JsonProperty("status") JobStatus status,
        @JsonProperty("status_url") String statusUrl) {
}
