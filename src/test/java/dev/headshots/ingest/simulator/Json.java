package dev.headshots.ingest.simulator;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the few flat JSON objects the simulator sends: string, number and boolean members and lists of them, with string
 * escaping per RFC 8259. It reads no JSON; the simulator never needs to.
 */
final class Json {

    private Json() {
    }

    /** An object from alternating member names and values, in that order. */
    static String object(Object... namesAndValues) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            json.append(i == 0 ? "" : ",").append(value(namesAndValues[i])).append(':').append(value(namesAndValues[i + 1]));
        }
        return json.append('}').toString();
    }

    private static String value(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(Json::value).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return string(String.valueOf(value));
    }

    static String string(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> json.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return json.append('"').toString();
    }
}
