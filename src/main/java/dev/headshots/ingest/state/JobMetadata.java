package dev.headshots.ingest.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A job's {@code metadata} column (a JSON object of strings, as text) as a map, for views and events. */
public final class JobMetadata {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private JobMetadata() {
    }

    /** The metadata in {@code json}; null when there is none. */
    public static Map<String, String> parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("a job's metadata column always holds an object of strings", e);
        }
    }

    /** {@code metadata} as the text stored in the column; null for none. */
    public static String write(Map<String, String> metadata) {
        if (metadata == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
