package dev.headshots.ingest.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.headshots.ingest.state.JobStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code GET /v1/headshots}: jobs newest first, and the cursor of the next page (null on the last one). */
@RegisterForReflection
@Schema(requiredProperties = {"items", "next"})
public record JobPage(@JsonProperty("items") List<Summary> items, @JsonProperty("next") @Schema(nullable = true) String next) {

    static JobPage of(List<HeadshotJob> jobs, int limit, String statusUrlBase) {
        List<HeadshotJob> page = jobs.size() > limit ? jobs.subList(0, limit) : jobs;
        String next = jobs.size() > limit ? PageCursor.after(page.get(page.size() - 1)).encode() : null;
        return new JobPage(page.stream().map(job -> Summary.of(job, statusUrlBase)).toList(), next);
    }

    /** One job of a page; its images are at {@code status_url}. */
    @RegisterForReflection
    @Schema(name = "JobSummary", requiredProperties = {"headshots_id", "client_reference_id", "status", "image_count",
            "created_at", "completed_at",
            "status_url"})
    public record Summary(
            @JsonProperty("headshots_id") UUID headshotsId,
            @JsonProperty("client_reference_id") @Schema(nullable = true) String clientReferenceId,
            @JsonProperty("status") JobStatus status,
            @JsonProperty("image_count") @Schema(nullable = true) Integer imageCount,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("completed_at") @Schema(nullable = true) Instant completedAt,
            @JsonProperty("status_url") String statusUrl) {

        static Summary of(HeadshotJob job, String statusUrlBase) {
            return new Summary(job.headshotsId, job.clientReferenceId, job.status, job.imageCount, job.createdAt,
                    job.completedAt,
                    statusUrlBase + job.headshotsId);
        }
    }
}
