package dev.headshots.ingest.webhook;

import java.util.List;
import java.util.UUID;

import dev.headshots.ingest.callback.HeadshotsCompleted;

/**
 * A parsed, validated callback body. {@code headshotsId} and {@code imageUrls} are set only for completed events.
 * {@code source} is the body as received when it is a completed callback with no top-level field but {@code event},
 * {@code headshots_id} and {@code image_urls}, the shape Runflow sends, so that {@link CallbackRecordEncoder} can forward it
 * without encoding it again; it is {@code null} for any other body.
 */
public record CallbackBody(String event, UUID headshotsId, List<String> imageUrls, byte[] source) {

    static final String COMPLETED = HeadshotsCompleted.COMPLETED;

    public boolean isCompleted() {
        return COMPLETED.equals(event);
    }

    /** Never prints the image URLs or the source: the URLs' query strings are credentials. */
    @Override
    public String toString() {
        return "CallbackBody[event=" + event + ", headshotsId=" + headshotsId + ", imageUrls="
                + (imageUrls == null ? "null" : imageUrls.size() + " redacted") + ", source="
                + (source == null ? "null" : source.length + " bytes") + "]";
    }
}
