package dev.headshots.ingest.contract;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The compatibility rule of our event schemas, "fields are only ever added", as a comparison of a released schema with the
 * current one: every property, {@code $defs} entry and array item schema the released version has must still be there, with the
 * same {@code type}, {@code format}, {@code const} and {@code $ref}, and every value its {@code enum} allowed must still be
 * allowed. New properties, definitions and enum values are what may change. Pure: plain {@link JsonNode}s in, breaks out.
 */
final class Compatibility {

    private static final List<String> SAME = List.of("type", "format", "const", "$ref");
    private static final List<String> NESTED = List.of("properties", "$defs");

    private Compatibility() {
    }

    /** Why {@code current} breaks consumers of {@code released}; empty when it only adds. */
    static List<String> breaks(JsonNode released, JsonNode current) {
        List<String> breaks = new ArrayList<>();
        compare("#", released, current, breaks);
        return breaks;
    }

    private static void compare(String at, JsonNode released, JsonNode current, List<String> breaks) {
        for (String keyword : SAME) {
            if (released.has(keyword) && !released.get(keyword).equals(current.get(keyword))) {
                breaks.add(at + ": " + keyword + " " + released.get(keyword) + " became " + current.get(keyword));
            }
        }
        if (released.has("enum")) {
            Set<String> missing = values(released.get("enum"));
            missing.removeAll(values(current.path("enum")));
            if (current.has("enum") && !missing.isEmpty()) {
                breaks.add(at + ": enum values removed " + missing);
            }
        }
        for (String group : NESTED) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = released.path(group).fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode now = current.path(group).get(field.getKey());
                if (now == null) {
                    breaks.add(at + "/" + group + "/" + field.getKey() + ": removed");
                } else {
                    compare(at + "/" + group + "/" + field.getKey(), field.getValue(), now, breaks);
                }
            }
        }
        if (released.has("items")) {
            if (!current.has("items")) {
                breaks.add(at + "/items: removed");
            } else {
                compare(at + "/items", released.get("items"), current.get("items"), breaks);
            }
        }
    }

    private static Set<String> values(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(value -> values.add(value.toString()));
        return values;
    }
}
