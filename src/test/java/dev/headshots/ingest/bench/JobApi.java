package dev.headshots.ingest.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The service's public API as the copy and backlog scenarios use it: callbacks in with the shared secret, jobs out with
 * {@code X-Api-Key}. Progress is polled through the job list ({@code GET /v1/headshots}, 100 jobs a page), which costs the
 * service one query per page and no presigning; each job is read once in full ({@code GET /v1/headshots/{id}}) at the end.
 */
final class JobApi {

    static final Set<String> TERMINAL = Set.of("COMPLETED", "PARTIAL", "FAILED");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;

    JobApi(String base) {
        this.base = base;
    }

    /** A job as the list shows it; {@code completedAt} is null until it is terminal. */
    record JobState(String status, Instant receivedAt, Instant completedAt) {

        boolean terminal() {
            return TERMINAL.contains(status);
        }
    }

    /** Posts a callback with the shared secret; returns the HTTP status (-1 if no answer). */
    int callback(String body) {
        return ChildProcess.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/runflow/headshots"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-Webhook-Secret", ServiceInstance.SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
    }

    /** The states of the {@code wanted} jobs that exist yet, paging through the list (newest first) until all are seen. */
    Map<UUID, JobState> states(Set<UUID> wanted) {
        Map<UUID, JobState> states = new HashMap<>();
        Set<UUID> missing = new HashSet<>(wanted);
        String after = null;
        do {
            JsonNode page = read("/v1/headshots?limit=100"
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
            if (page == null) {
                return states;
            }
            for (JsonNode item : page.path("items")) {
                UUID id = UUID.fromString(item.path("headshots_id").asText());
                if (missing.remove(id)) {
                    states.put(id, new JobState(item.path("status").asText(), null, instant(item.path("completed_at"))));
                }
            }
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (after != null && !missing.isEmpty());
        return states;
    }

    /** Polls until every job is terminal or {@code timeout} passed; returns the last states seen. */
    Map<UUID, JobState> awaitTerminal(Set<UUID> ids, Duration timeout, Duration interval) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<UUID, JobState> states = Map.of();
        while (System.nanoTime() < deadline) {
            states = states(ids);
            if (states.size() == ids.size() && states.values().stream().allMatch(JobState::terminal)) {
                return states;
            }
            IngestScenario.sleep(interval.toMillis());
        }
        return states;
    }

    /** The job in full (status, timings, images), or null. */
    JsonNode job(UUID id) {
        return read("/v1/headshots/" + id);
    }

    private JsonNode read(String path) {
        HttpResponse<String> response = ChildProcess.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).header("X-Api-Key", ServiceInstance.API_KEY).build());
        if (response.statusCode() != 200) {
            return null;
        }
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            return null;
        }
    }

    static Instant instant(JsonNode node) {
        return node == null || !node.isTextual() ? null : Instant.parse(node.asText());
    }
}
