package dev.headshots.ingest.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Envelopes of Runflow's runs platform, as its callbacks carry them, for tests that send them by hand. */
public final class RunCallbacks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunCallbacks() {
    }

    public static String completed(UUID run, List<String> urls) {
        return envelope("run.completed", run, "succeeded", Map.of("image_urls", urls));
    }

    public static String partial(UUID run, List<String> urls) {
        return envelope("run.partial_succeeded", run, "partial_succeeded", Map.of("image_urls", urls));
    }

    public static String failed(UUID run, String code, String message) {
        return envelope("run.failed", run, "failed", Map.of("code", code, "message", message));
    }

    public static String cancelled(UUID run) {
        return envelope("run.cancelled", run, "canceled", null);
    }

    /** An envelope in Runflow's field order, with {@code +00:00} timestamps and empty metadata. */
    public static String envelope(String event, UUID run, String status, Object output) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event", event);
        envelope.put("run_id", run.toString());
        envelope.put("status", status);
        envelope.put("output", output);
        envelope.put("duration_ms", 1234);
        envelope.put("created_at", "2026-12-01T10:00:00.123456+00:00");
        envelope.put("completed_at", "2026-12-01T10:00:01.357911+00:00");
        envelope.put("metadata", Map.of());
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
