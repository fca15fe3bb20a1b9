package dev.headshots.ingest.webhook;

import java.util.List;
import java.util.UUID;

import dev.headshots.ingest.callback.HeadshotsCompleted;

/** A parsed, validated callback body. {@code headshotsId} and {@code imageUrls} are set only for completed events. */
public record CallbackBody(String event, UUID headshotsId, List<String> imageUrls) {

    static final String COMPLETED = HeadshotsCompleted.COMPLETED;

    public boolean isCompleted() {
        return COMPLETED.equals(event);
    }

    /** Never prints the image URLs: their query strings are credentials. */
    @Override
    public String toString() {
        return "CallbackBody[event=" + event + ", headshotsId=" + headshotsId + ", imageUrls="
                + (imageUrls == null ? "null" : imageUrls.size() + " redacted") + "]";
    }
}
