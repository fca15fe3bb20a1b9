package dev.headshots.ingest.job;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import dev.headshots.ingest.state.JobStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/**
 * A Runflow job as we track it. Rows are written by {@code intake/} (and {@code retry.RetryQueue}); this mapping serves reads.
 */
@Entity
@Table(name = "headshot_job")
public class HeadshotJob extends PanacheEntityBase {

    @Id
    @Column(name = "headshots_id")
    public UUID headshotsId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public JobStatus status;

    /** How many image URLs the callback carried; null until it arrived. */
    @Column(name = "image_count")
    public Integer imageCount;

    /** How many photos we submitted to Runflow; null for a job submitted elsewhere. */
    @Column(name = "photo_count")
    public Integer photoCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(nullable = false)
    public int deliveries;

    /** Replays asked for with {@code POST /v1/headshots/{id}/replay}. */
    @Column(nullable = false)
    public int replays;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The tenant the job belongs to. */
    @Column(name = "tenant_id", nullable = false, length = 32)
    public String tenantId;

    /** Where the job's objects are: null for {@code headshots.storage.bucket}. */
    @Column(length = 63)
    public String bucket;

    /** The submitting app's own reference for the job; null when none was given. */
    @Column(name = "client_reference_id", length = 200)
    public String clientReferenceId;

    /** The submitting app's metadata, a JSON object of strings, as text; null when none was given. */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(read = "metadata::text")
    public String metadata;

    /** The job {@code id} if it is {@code tenantId}'s; null otherwise, whether it exists or not. */
    public static Uni<HeadshotJob> ofTenant(UUID id, String tenantId) {
        return find("headshotsId = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }
    /** The API we submitted the job through ({@code legacy} or {@code runs}); null for a job submitted elsewhere. */
    @Column(name = "runflow_api", length = 8)
    public String runflowApi;

    /** The Runflow event the job's outcome came from; null until one arrived. */
    @Column(name = "runflow_event", length = 32)
    public String runflowEvent;

    /** Runflow's error code of a failed run. */
    @Column(name = "failure_code", length = 128)
    public String failureCode;

    /** Runflow's error message of a failed run. */
    @Column(name = "failure_message", length = 1024)
    public String failureMessage;

    /** When the job became {@code TIMED_OUT}, if it did. */
    @Column(name = "timed_out_at")
    public Instant timedOutAt;

    /** Polls of the run made for the job while it had no callback. */
    @Column(nullable = false)
    public int polls;

    /** When the job was cancelled on our side, if it was. */
    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    /** Why the job was erased ({@code request} or {@code retention}); null unless it was. */
    @Column(name = "deletion_reason", length = 16)
    public String deletionReason;

    /** When the job's erasure was asked for. */
    @Column(name = "deletion_requested_at")
    public Instant deletionRequestedAt;

    /** When the last object of the erased job was gone. */
    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** Images stored when the erasure was asked for. */
    @Column(name = "stored_count")
    public Integer storedCount;

    /** Objects the erasure removed from the bucket. */
    @Column(name = "objects_deleted")
    public Integer objectsDeleted;
}
