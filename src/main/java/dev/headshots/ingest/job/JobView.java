package dev.headshots.ingest.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(requiredProperties = {"headshots_id", "tenant_id", "client_reference_id", "metadata", "status", "photo_count",
        "image_count", "created_at", "submitted_at", "received_at", "completed_at", "deliveries", "replays", "urls_expire_at",
        "images", "runflow_api", "runflow_event", "failure", "timed_out_at", "polls", "notification", "cancelled_at",
        "erasure"})
public record JobView(
        @JsonProperty("headshots_id") UUID headshotsId,
        @JsonProperty("tenant_id") String tenantId,
        @JsonProperty("client_reference_id") @Schema(nullable = true) String clientReferenceId,
        @JsonProperty("metadata") @Schema(nullable = true) Map<String, String> metadata,
        @JsonProperty("status") JobStatus status,
        @JsonProperty("photo_count") @Schema(nullable = true) Integer photoCount,
        @JsonProperty("image_count") @Schema(nullable = true) Integer imageCount,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("submitted_at") @Schema(nullable = true) Instant submittedAt,
        @JsonProperty("received_at") @Schema(nullable = true) Instant receivedAt,
        @JsonProperty("completed_at") @Schema(nullable = true) Instant completedAt,
        @JsonProperty("deliveries") int deliveries,
        @JsonProperty("replays") int replays,
        @JsonProperty("urls_expire_at") Instant urlsExpireAt,
        @JsonProperty("images") List<Image> images,
        @JsonProperty("runflow_api") @Schema(ref = "RunflowApi") String runflowApi,
        @JsonProperty("runflow_event") @Schema(nullable = true) String runflowEvent,
        @JsonProperty("failure") @Schema(nullable = true) Failure failure,
        @JsonProperty("timed_out_at") @Schema(nullable = true) Instant timedOutAt,
        @JsonProperty("polls") int polls,
        @JsonProperty("notification") @Schema(nullable = true) NotificationView notification,
        @JsonProperty("cancelled_at") @Schema(nullable = true) Instant cancelledAt,
        @JsonProperty("erasure") @Schema(nullable = true) Erasure erasure) {

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
    @Schema(name = "JobErasure", requiredProperties = {"reason", "requested_at", "deleted_at", "stored_count",
            "objects_deleted"})
    public record Erasure(@JsonProperty("reason") @Schema(enumeration = {
            "request", "retention"}) String reason, @JsonProperty("requested_at") Instant requestedAt,
            @JsonProperty("deleted_at") @Schema(nullable = true) Instant deletedAt,
            @JsonProperty("stored_count") @Schema(nullable = true) Integer storedCount,
            @JsonProperty("objects_deleted") @Schema(nullable = true) Integer objectsDeleted){
    }

    /** Runflow's error of a failed run ({@code run.failed}): its code and message, either of which may be null. */
    @RegisterForReflection
    @Schema(name = "RunFailure", requiredProperties = {"code", "message"})
    public record Failure(@JsonProperty("code") @Schema(nullable = true) String code,
            @JsonProperty("message") @Schema(nullable = true) String message) {
    }

    /**
     * One image: where it is stored and what it holds, or why it is not stored (yet): the last error, the attempts started,
     * when the next is due, and when Runflow's URL for it expires.
     */
    @RegisterForReflection
    @Schema(name = "JobImage", requiredProperties = {"index", "status", "key", "url", "bytes", "sha256", "content_type",
            "error", "error_detail",
            "attempts", "next_attempt_at", "source_expires_at"})
    public record Image(
            @JsonProperty("index") int index,
            @JsonProperty("status") ImageStatus status,
            @JsonProperty("key") @Schema(nullable = true) String key,
            @JsonProperty("url") @Schema(nullable = true) String url,
            @JsonProperty("bytes") @Schema(nullable = true) Long bytes,
            @JsonProperty("sha256") @Schema(nullable = true) String sha256,
            @JsonProperty("content_type") @Schema(nullable = true) String contentType,
            @JsonProperty("error") @Schema(ref = "ImageError") String error,
            @JsonProperty("error_detail") @Schema(nullable = true) String errorDetail,
            @JsonProperty("attempts") int attempts,
            @JsonProperty("next_attempt_at") @Schema(nullable = true) Instant nextAttemptAt,
            @JsonProperty("source_expires_at") @Schema(nullable = true) Instant sourceExpiresAt) {

        static Image of(HeadshotImage image, String bucket, ImageLinks links) {
            String url = image.status == ImageStatus.STORED ? links.url(bucket, image.objectKey) : null;
            return new Image(image.index, image.status, image.objectKey, url, image.bytes, image.sha256,
                    image.contentType, image.error, image.errorDetail, image.attempts, image.nextAttemptAt,
                    image.status == ImageStatus.STORED ? null : image.deadline);
        }
    }
}
