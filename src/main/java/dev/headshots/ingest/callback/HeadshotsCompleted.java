package dev.headshots.ingest.callback;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A verified {@code headshots.completed} callback, as published to {@link Topics#CALLBACKS} and consumed by the intake step.
 * {@code received_at} is when our endpoint accepted it; later steps measure URL expiry from it.
 */
@RegisterForReflection
public record HeadshotsCompleted(
        @JsonProperty("event") String event,
        @JsonProperty("headshots_id") UUID headshotsId,
        @JsonProperty("image_urls") List<String> imageUrls,
        @JsonProperty("received_at") Instant receivedAt) {

    /** The only event Runflow sends for this endpoint, and the only one we act on. */
    public static final String COMPLETED = "headshots.completed";

    /** Never prints the image URLs: their query strings are credentials. */
    @Override
    public String toString() {
        return "HeadshotsCompleted[event=" + event + ", headshots_id=" + headshotsId + ", image_urls="
                + (imageUrls == null ? "null" : imageUrls.size() + " redacted") + ", received_at=" + receivedAt + "]";
    }
}
