package dev.headshots.ingest.webhook;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.headshots.ingest.callback.HeadshotsCompleted;
import dev.headshots.ingest.callback.RunflowEvent;

/**
 * A parsed, validated callback body. {@code headshotsId} is set for an event we act on ({@code headshots_id}, or a run
 * envelope's {@code run_id}), {@code imageUrls} for the events that carry images. {@code source} is the body as received when
 * it is a legacy completed callback with no top-level field but {@code event}, {@code headshots_id} and {@code image_urls}, the
 * shape Runflow sends, so that {@link CallbackRecordEncoder} can forward it without encoding it again; it is {@code null} for
 * any other body. {@code run} holds what a run envelope adds: Runflow's error of a {@code run.failed}, and the {@code metadata}
 * it echoes back.
 */
public record CallbackBody(String event, UUID headshotsId, List<String> imageUrls, byte[] source, Run run) {

    static final String COMPLETED = HeadshotsCompleted.COMPLETED;

    /** What a run envelope carries besides its images: the error of a failed run, and the metadata given at creation. */
    public record Run(String failureCode, String failureMessage, JsonNode metadata) {

        @Override
        public String toString() {
            return "Run[failureCode=" + failureCode + ", metadata=" + (metadata == null ? "none" : "present") + "]";
        }
    }

    /** A body without run details: a legacy callback, or an event that is ignored. */
    public CallbackBody(String event, UUID headshotsId, List<String> imageUrls, byte[] source) {
        this(event, headshotsId, imageUrls, source, null);
    }

    /** Whether this is the legacy {@code headshots.completed} callback. */
    public boolean isCompleted() {
        return COMPLETED.equals(event);
    }

    /** The event, when it is one we act on. */
    public Optional<RunflowEvent> runflowEvent() {
        return RunflowEvent.of(event);
    }

    /** Whether the callback is published: an event we act on, about a job (a batch callback names none). */
    public boolean forwards() {
        return headshotsId != null && runflowEvent().isPresent();
    }

    /** Never prints the image URLs or the source: the URLs' query strings are credentials. */
    @Override
    public String toString() {
        return "CallbackBody[event=" + event + ", headshotsId=" + headshotsId + ", imageUrls="
                + (imageUrls == null ? "null" : imageUrls.size() + " redacted") + ", source="
                + (source == null ? "null" : source.length + " bytes") + ", run=" + run + "]";
    }
}
