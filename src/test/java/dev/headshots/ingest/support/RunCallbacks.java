package dev.headshots.ingest.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Envelopes of Runflow's runs platform, as its callbacks carry them, for tests that send them by hand. */
public final class RunCallbacks {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Python's isoformat() of an aware UTC datetime, as Runflow writes its timestamps: microseconds and {@code +00:00}. */
    private static final DateTimeFormatter RUNFLOW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);

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

    /** An envelope in Runflow's field order, completed a second ago, with {@code +00:00} timestamps and empty metadata. */
    public static String envelope(String event, UUID run, String status, Object output) {
        return envelope(event, run, status, output, Instant.now().minusSeconds(1));
    }

    /** An envelope completed at {@code completedAt} (created a second before), written as Runflow writes it. */
    public static String envelope(String event, UUID run, String status, Object output, Instant completedAt) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("event", event);
        envelope.put("run_id", run.toString());
        envelope.put("status", status);
        envelope.put("output", output);
        envelope.put("duration_ms", 1234);
        envelope.put("created_at", RUNFLOW_TIME.format(completedAt.minusSeconds(1)));
        envelope.put("completed_at", RUNFLOW_TIME.format(completedAt));
        envelope.put("metadata", Map.of());
        try {
            return JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
