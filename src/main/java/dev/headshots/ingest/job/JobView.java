package dev.headshots.ingest.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.headshots.ingest.notify.NotificationView;
import dev.headshots.ingest.state.ImageStatus;
import dev.headshots.ingest.state.JobMetadata;
import dev.headshots.ingest.state.JobStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of {@code GET /v1/headshots/{id}}. Stored images carry a presigned URL of our own bucket; Runflow's source URLs are
 * never part of it. {@code runflow_api} is the API we submitted the job through, {@code runflow_event} the Runflow event its
 * outcome came from, {@code failure} Runflow's error of a failed run, {@code timed_out_at} when it timed out (if it did),
 * {@code polls} how often its run was polled while it had no callback, and {@code notification} the job's latest delivery to
 * its tenant's handler, null when none was decided; {@code cancelled_at} when it was cancelled on our side, and {@code erasure}
 * its erasure, if one was asked for.
 */
@RegisterForReflection
public record JobView(
        @JsonProperty("headshots_id") UUID headshotsId,
        @JsonProperty("tenant_id") String tenantId,
        @JsonProperty("client_reference_id") String clientReferenceId,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("status") JobStatus status,
        @JsonProperty("photo_count") Integer photoCount,
        @JsonProperty("image_count") Integer imageCount,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("submitted_at") Instant submittedAt,
        @JsonProperty("received_at") Instant receivedAt,
        @JsonProperty("completed_at") Instant completedAt,
        @JsonProperty("deliveries") int deliveries,
        @JsonProperty("replays") int replays,
        @JsonProperty("urls_expire_at") Instant urlsExpireAt,
        @JsonProperty("images") List<Image> images,
        @JsonProperty("runflow_api") String runflowApi,
        @JsonProperty("runflow_event") String runflowEvent,
        @JsonProperty("failure") Failure failure,
        @JsonProperty("timed_out_at") Instant timedOutAt,
        @JsonProperty("polls") int polls,
        @JsonProperty("notification") NotificationView notification,
        @JsonProperty("cancelled_at") Instant cancelledAt,
        @JsonProperty("erasure") Erasure erasure) {

    static JobView of(HeadshotJob job, List<HeadshotImage> images, ImageLinks links, NotificationView notification) {
        return new JobView(job.headshotsId, job.tenantId, job.clientReferenceId, JobMetadata.parse(job.metadata), job.status,
                job.photoCount, job.imageCount, job.createdAt, job.submittedAt,
                job.receivedAt, job.completedAt, job.deliveries, job.replays, links.expiry(Instant.now()),
                images.stream().map(image -> Image.of(image, job.bucket, links)).toList(), job.runflowApi, job.runflowEvent,
                job.failureCode == null && job.failureMessage == null
                        ? null
                        : new Failure(job.failureCode, job.failureMessage),
                job.timedOutAt, job.polls, notification, job.cancelledAt,
                job.deletionRequestedAt == null
                        ? null
                        : new Erasure(job.deletionReason, job.deletionRequestedAt, job.deletedAt, job.storedCount,
                                job.objectsDeleted));
    }

    /**
     * A job's erasure: why ({@code request} or {@code retention}), when it was asked for, when the last object was gone (null
     * while {@code DELETING}), how many images were stored then, and how many objects it removed.
     */
    @RegisterForReflection
    public record Erasure(@JsonProperty("reason") String reason, @JsonProperty("requested_at") Instant requestedAt,
            @JsonProperty("deleted_at") Instant deletedAt, @JsonProperty("stored_count") Integer storedCount,
            @JsonProperty("objects_deleted") Integer objectsDeleted) {
    }

    /** Runflow's error of a failed run ({@code run.failed}): its code and message, either of which may be null. */
    @RegisterForReflection
    public record Failure(@JsonProperty("code") String code, @JsonProperty("message") String message) {
    }

    /**
     * One image: where it is stored and what it holds, or why it is not stored (yet): the last error, the attempts started,
     * when the next is due, and when Runflow's URL for it expires.
     */
    @RegisterForReflection
    public record Image(
            @JsonProperty("index") int index,
            @JsonProperty("status") ImageStatus status,
            @JsonProperty("key") String key,
            @JsonProperty("url") String url,
            @JsonProperty("bytes") Long bytes,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("content_type") String contentType,
            @JsonProperty("error") String error,
            @JsonProperty("error_detail") String errorDetail,
            @JsonProperty("attempts") int attempts,
            @JsonProperty("next_attempt_at") Instant nextAttemptAt,
            @JsonProperty("source_expires_at") Instant sourceExpiresAt) {

        static Image of(HeadshotImage image, String bucket, ImageLinks links) {
            String url = image.status == ImageStatus.STORED ? links.url(bucket, image.objectKey) : null;
            return new Image(image.index, image.status, image.objectKey, url, image.bytes, image.sha256,
                    image.contentType, image.error, image.errorDetail, image.attempts, image.nextAttemptAt,
                    image.status == ImageStatus.STORED ? null : image.deadline);
        }
    }
}
