package dev.headshots.ingest.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An event about a job that is not its outcome, on {@code headshots.lifecycle}: a CloudEvents 1.0 JSON envelope (structured
 * mode), keyed by {@code headshots_id}, with an {@code id} derived from the event type and the job, so that every copy of it
 * carries the same id. Three types: {@value #TIMED_OUT}, when a job we submitted has no outcome by
 * {@code headshots.runflow.callback-deadline} (at once with the legacy API, which has no status call); {@value #CANCELLED},
 * when a job is cancelled on our side ({@code POST /v1/headshots/{id}/cancel}); {@value #DELETED}, when an erased job's objects
 * are gone (on request, or by retention). Like {@code headshots.stored}, it names its data's JSON Schema in {@code dataschema}
 * and its tenant in {@code tenantid}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifecycleEvent(
        @JsonProperty("specversion") String specVersion,
        @JsonProperty("id") UUID id,
        @JsonProperty("source") String source,
        @JsonProperty("type") String type,
        @JsonProperty("subject") String subject,
        @JsonProperty("time") Instant time,
        @JsonProperty("datacontenttype") String dataContentType,
        @JsonProperty("dataschema") String dataSchema,
        @JsonProperty("tenantid") String tenantId,
        @JsonProperty("data") Object data) {

    public static final String TIMED_OUT = "headshots.timed_out";
    public static final String CANCELLED = "headshots.cancelled";
    public static final String DELETED = "headshots.deleted";

    /** The event of {@code type} about job {@code headshotsId}, at {@code time}, with {@code data}. */
    static LifecycleEvent of(String type, UUID headshotsId, Instant time, Object data, String dataSchema, String tenantId) {
        return new LifecycleEvent("1.0", idOf(type, headshotsId), StoredEvent.SOURCE, type, headshotsId.toString(), time,
                "application/json", dataSchema, tenantId, data);
    }

    /** The event id: a name-based UUID of {@code <type>/<headshots_id>}, the same every time. */
    public static UUID idOf(String type, UUID headshotsId) {
        return UUID.nameUUIDFromBytes((type + "/" + headshotsId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A job that timed out: when it was submitted, and through which API; when it timed out; how many times its run was polled
     * and its callback redelivery asked for; whose job it is, and what the submission said of it. A callback that arrives later
     * still takes the job to its outcome, which is then published on {@code headshots.stored} as usual.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimedOut(
            @JsonProperty("headshots_id") UUID headshotsId,
            @JsonProperty("status") String status,
            @JsonProperty("runflow_api") String runflowApi,
            @JsonProperty("submitted_at") Instant submittedAt,
            @JsonProperty("timed_out_at") Instant timedOutAt,
            @JsonProperty("polls") int polls,
            @JsonProperty("redeliveries") int redeliveries,
            @JsonProperty("tenant_id") String tenantId,
            @JsonProperty("client_reference_id") String clientReferenceId,
            @JsonProperty("metadata") Map<String, String> metadata) {
    }

    /**
     * A job cancelled on our side: when it was submitted, and through which API; when it was cancelled; whose job it is, and
     * what the submission said of it. Runflow may still finish the run: its callback is recorded, and nothing is fetched.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cancelled(
            @JsonProperty("headshots_id") UUID headshotsId,
            @JsonProperty("status") String status,
            @JsonProperty("previous_status") String previousStatus,
            @JsonProperty("runflow_api") String runflowApi,
            @JsonProperty("submitted_at") Instant submittedAt,
            @JsonProperty("cancelled_at") Instant cancelledAt,
            @JsonProperty("tenant_id") String tenantId,
            @JsonProperty("client_reference_id") String clientReferenceId,
            @JsonProperty("metadata") Map<String, String> metadata) {
    }

    /**
     * An erased job whose objects are gone: why it was erased ({@code request} or {@code retention}), when that was asked for
     * and when the last object was gone, how many images it had and had stored, and how many objects the erasure removed. It
     * names nothing that identifies the person: the job's reference and metadata were forgotten with it.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deleted(
            @JsonProperty("headshots_id") UUID headshotsId,
            @JsonProperty("status") String status,
            @JsonProperty("reason") String reason,
            @JsonProperty("requested_at") Instant requestedAt,
            @JsonProperty("deleted_at") Instant deletedAt,
            @JsonProperty("image_count") Integer imageCount,
            @JsonProperty("stored_count") int storedCount,
            @JsonProperty("objects_deleted") int objectsDeleted,
            @JsonProperty("tenant_id") String tenantId) {
    }
}
