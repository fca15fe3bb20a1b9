package dev.headshots.ingest.runflow;

import java.util.List;
import java.util.UUID;

import dev.headshots.ingest.runflow.RunflowConfig.Api;

/**
 * A job Runflow accepted: its id ({@code headshots_id}, or a run's id), the API it went through, the {@code metadata} a run was
 * created with (JSON; null for the legacy API) and the keys of the photos a run reads from our bucket (empty for legacy).
 */
public record SubmittedJob(UUID id, Api api, String metadata, List<String> photoKeys) {

    public SubmittedJob {
        photoKeys = List.copyOf(photoKeys);
    }

    static SubmittedJob legacy(UUID id) {
        return new SubmittedJob(id, Api.LEGACY, null, List.of());
    }
}
