package dev.headshots.ingest.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.headshots.ingest.callback.Topics;
import dev.headshots.ingest.state.JobStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code headshots.stored} event downstream services consume: a CloudEvents 1.0 JSON envelope (structured mode) whose
 * {@code id} is derived from the job, so that every copy of one job's event, a resend after a crash included, carries the same
 * id. Its {@code data} says where the job's images are in our bucket, and follows the JSON Schema that {@code dataschema} names
 * ({@code schemas/headshots.stored.json}: fields are only ever added). The extension attribute {@code tenantid} names the job's
 * tenant, so that a consumer can route on it without reading {@code data}. {@code traceparent} is the CloudEvents Distributed
 * Tracing extension: the span that finished the job, in the job's trace; absent when tracing is off.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredEvent(
        @JsonProperty("specversion") String specVersion,
        @JsonProperty("id") UUID id,
        @JsonProperty("source") String source,
        @JsonProperty("type") String type,
        @JsonProperty("subject") String subject,
        @JsonProperty("time") Instant time,
        @JsonProperty("datacontenttype") String dataContentType,
        @JsonProperty("dataschema") String dataSchema,
        @JsonProperty("tenantid") String tenantId,
        @JsonProperty("traceparent") String traceparent,
        @JsonProperty("data") Data data) {

    public static final String TYPE = Topics.STORED;
    public static final String SOURCE = "urn:headshots-ingest";
    /** The Kafka {@code content-type} header of a structured-mode CloudEvent. */
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    static StoredEvent of(Data data, Instant time, String dataSchema, String traceparent) {
        return new StoredEvent("1.0", idOf(data.headshotsId(), data.replay() == null ? 0 : data.replay()), SOURCE, TYPE,
                data.headshotsId().toString(), time, "application/json", dataSchema, data.tenantId(), traceparent, data);
    }

    /** The event id of a job: a name-based UUID of the event type and the job, the same every time. */
    public static UUID idOf(UUID headshotsId) {
        return idOf(headshotsId, 0);
    }

    /**
     * The event id of a job as it finished after its {@code replay}-th replay ({@code POST /v1/headshots/{id}/replay}); 0 is
     * the job's first finish, whose id is {@link #idOf(UUID)}. Each replay's outcome is news, with an id of its own.
     */
    public static UUID idOf(UUID headshotsId, int replay) {
        String name = TYPE + "/" + headshotsId + (replay == 0 ? "" : "/replay/" + replay);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Where a finished job's images are. {@code images} lists the stored ones, {@code failed} the others and why;
     * {@code replay} is absent on a job's first finish and counts the replays after that. {@code runflow_event} is the Runflow
     * event the job's outcome came from ({@code headshots.completed} or a {@code run.*}), and {@code failure} Runflow's error
     * of a {@code run.failed}. {@code tenant_id} is always there; {@code client_reference_id} and {@code metadata} are there
     * when the submission gave them. Fields are only ever added.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Data(
            @JsonProperty("headshots_id") UUID headshotsId,
            @JsonProperty("replay") Integer replay,
            @JsonProperty("status") JobStatus status,
            @JsonProperty("bucket") String bucket,
            @JsonProperty("image_count") int imageCount,
            @JsonProperty("images") List<Image> images,
            @JsonProperty("failed") List<Failed> failed,
            @JsonProperty("runflow_event") String runflowEvent,
            @JsonProperty("failure") Failure failure,
            @JsonProperty("tenant_id") String tenantId,
            @JsonProperty("client_reference_id") String clientReferenceId,
            @JsonProperty("metadata") Map<String, String> metadata) {
    }

    /** Runflow's error of a failed run: its machine-readable code and its message, either of which may be absent. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(@JsonProperty("code") String code, @JsonProperty("message") String message) {
    }

    /** A stored image: its 1-based position in Runflow's list, its object key, and what it holds. */
    @RegisterForReflection
    public record Image(
            @JsonProperty("index") int index,
            @JsonProperty("key") String key,
            @JsonProperty("bytes") long bytes,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("content_type") String contentType) {
    }

    /**
     * An image that could not be stored: {@code status} FAILED or EXPIRED, and the machine-readable reason of its last failed
     * attempt (null for an image whose URL expired before it was tried).
     */
    @RegisterForReflection
    public record Failed(@JsonProperty("index") int index, @JsonProperty("status") String status,
            @JsonProperty("error") String error) {
    }
}
