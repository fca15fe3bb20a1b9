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
 * carries the same id. Today one type: {@value #TIMED_OUT}, when a job we submitted has no outcome by
 * {@code headshots.runflow.callback-deadline} (at once with the legacy API, which has no status call). Like
 * {@code headshots.stored}, it names its data's JSON Schema in {@code dataschema} and its tenant in {@code tenantid}.
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
        @JsonProperty("data") TimedOut data) {

    public static final String TIMED_OUT = "headshots.timed_out";

    static LifecycleEvent timedOut(TimedOut data, String dataSchema, String tenantId) {
        return new LifecycleEvent("1.0", idOf(TIMED_OUT, data.headshotsId()), StoredEvent.SOURCE, TIMED_OUT,
                data.headshotsId().toString(), data.timedOutAt(), "application/json", dataSchema, tenantId, data);
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
}
