package dev.headshots.ingest.callback;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A verified callback, as published to {@link Topics#CALLBACKS} and consumed by the intake step: one of the
 * {@link RunflowEvent}s, about job {@code headshots_id} (a run's {@code run_id}). {@code received_at} is when our endpoint
 * accepted it, or when a poll found the run's outcome; later steps measure URL expiry from it. The fields after it were added
 * for the runs platform and are absent from a legacy callback's record: {@code failure_code} and {@code failure_message} (a
 * {@code run.failed}), {@code runflow_request_id} (the {@code Runflow-Request-Id} it came with) and {@code source}
 * ({@code poll} when reconciliation took the outcome from {@code GET /v1/runs/{id}}; absent for a callback).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeadshotsCompleted(
        @JsonProperty("event") String event,
        @JsonProperty("headshots_id") UUID headshotsId,
        @JsonProperty("image_urls") List<String> imageUrls,
        @JsonProperty("received_at") Instant receivedAt,
        @JsonProperty("failure_code") String failureCode,
        @JsonProperty("failure_message") String failureMessage,
        @JsonProperty("runflow_request_id") String requestId,
        @JsonProperty("source") String source) {

    /** The only event Runflow's legacy endpoint sends. */
    public static final String COMPLETED = RunflowEvent.HEADSHOTS_COMPLETED.wireName();
    /** The {@code source} of an outcome taken from a poll of the run. */
    public static final String POLL = "poll";

    /** A record of the legacy shape: the event, the job, its image URLs and when it was received. */
    public HeadshotsCompleted(String event, UUID headshotsId, List<String> imageUrls, Instant receivedAt) {
        this(event, headshotsId, imageUrls, receivedAt, null, null, null, null);
    }

    /** Never prints the image URLs: their query strings are credentials. */
    @Override
    public String toString() {
        return "HeadshotsCompleted[event=" + event + ", headshots_id=" + headshotsId + ", image_urls="
                + (imageUrls == null ? "null" : imageUrls.size() + " redacted") + ", received_at=" + receivedAt
                + ", source=" + (source == null ? "callback" : source) + "]";
    }
}
