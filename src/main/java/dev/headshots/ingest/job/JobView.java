package dev.headshots.ingest.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code GET /v1/headshots/{id}}. Runflow's source URLs are never part of it. */
@RegisterForReflection
public record JobView(
        @JsonProperty("headshots_id") UUID headshotsId,
        @JsonProperty("status") JobStatus status,
        @JsonProperty("received_at") Instant receivedAt,
        @JsonProperty("completed_at") Instant completedAt,
        @JsonProperty("deliveries") int deliveries,
        @JsonProperty("images") List<Image> images) {

    static JobView of(HeadshotJob job, List<HeadshotImage> images) {
        return new JobView(job.headshotsId, job.status, job.receivedAt, job.completedAt, job.deliveries,
                images.stream().map(Image::of).toList());
    }

    /** One image: where it is stored and what it holds, or why it could not be stored. */
    @RegisterForReflection
    public record Image(
            @JsonProperty("index") int index,
            @JsonProperty("status") ImageStatus status,
            @JsonProperty("key") String key,
            @JsonProperty("bytes") Long bytes,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("content_type") String contentType,
            @JsonProperty("error") String error,
            @JsonProperty("error_detail") String errorDetail,
            @JsonProperty("attempts") int attempts) {

        static Image of(HeadshotImage image) {
            return new Image(image.index, image.status, image.objectKey, image.bytes, image.sha256, image.contentType,
                    image.error, image.errorDetail, image.attempts);
        }
    }
}
