package dev.headshots.ingest.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The compatibility rule of the HTTP API, as a comparison of the released OpenAPI document with the current one: what a client
 * generated from the released document relies on must still hold. Every operation is still there under its operationId; every
 * success status it answered is still described; every field of a body, request or response, is still there with the same
 * {@code type}s (a response field may not newly be null), {@code format} and {@code $ref}, and every enum value is still
 * allowed; no request field or parameter is newly required, and no new parameter is required. What may change: new operations,
 * statuses, optional parameters and fields, enum values, and looser descriptions. Pure: two documents in, breaks out, each
 * named by where it is ({@code GET /v1/headshots 200 #/items/...}).
 */
final class HttpCompatibility {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
    private static final List<String> SAME = List.of("format", "$ref");
    private static final int DEPTH = 12;

    private final JsonNode released;
    private final JsonNode current;
    private final List<String> breaks = new ArrayList<>();

    private HttpCompatibility(JsonNode released, JsonNode current) {
        this.released = released;
        this.current = current;
    }

    /** Why {@code current} breaks clients of {@code released}; empty when it only adds. */
    static List<String> breaks(JsonNode released, JsonNode current) {
        HttpCompatibility rule = new HttpCompatibility(released, current);
        released.path("paths").fields().forEachRemaining(path -> METHODS.forEach(method -> {
            if (path.getValue().has(method)) {
                rule.operation(method.toUpperCase() + " " + path.getKey(), path.getValue().get(method),
                        current.path("paths").path(path.getKey()).get(method));
            }
        }));
        return rule.breaks;
    }

    private void operation(String name, JsonNode before, JsonNode now) {
        if (now == null) {
            breaks.add(name + ": removed");
            return;
        }
        if (!before.path("operationId").equals(now.path("operationId"))) {
            breaks.add(name + ": operationId " + before.path("operationId") + " became " + now.path("operationId"));
        }
        parameters(name, before.path("parameters"), now.path("parameters"));
        before.path("requestBody").path("content").fields().forEachRemaining(media -> schema(name + " body",
                released, media.getValue().path("schema"), current,
                resolve(current, now.path("requestBody")).path("content").path(media.getKey()).path("schema"), true, 0));
        before.path("responses").fields().forEachRemaining(response -> {
            if (response.getKey().startsWith("2")) {
                response(name + " " + response.getKey(), resolve(released, response.getValue()),
                        now.path("responses").get(response.getKey()));
            }
        });
    }

    private void parameters(String name, JsonNode before, JsonNode now) {
        Set<String> known = new TreeSet<>();
        before.forEach(parameter -> known.add(parameter.path("in").asText() + " " + parameter.path("name").asText()));
        now.forEach(parameter -> {
            String key = parameter.path("in").asText() + " " + parameter.path("name").asText();
            if (parameter.path("required").asBoolean() && !requiredBefore(before, key)) {
                breaks.add(name + ": parameter " + key + (known.contains(key) ? " became required" : " is new and required"));
            }
        });
    }

    private static boolean requiredBefore(JsonNode parameters, String key) {
        for (JsonNode parameter : parameters) {
            if ((parameter.path("in").asText() + " " + parameter.path("name").asText()).equals(key)) {
                return parameter.path("required").asBoolean();
            }
        }
        return false;
    }

    private void response(String name, JsonNode before, JsonNode now) {
        if (now == null) {
            breaks.add(name + ": removed");
            return;
        }
        JsonNode resolved = resolve(current, now);
        before.path("content").fields().forEachRemaining(media -> schema(name, released, media.getValue().path("schema"),
                current, resolved.path("content").path(media.getKey()).path("schema"), false, 0));
    }

    /** Compares two schemas, each of its own document; {@code request} says which way a type change breaks. */
    private void schema(String at, JsonNode beforeDoc, JsonNode before, JsonNode nowDoc, JsonNode now, boolean request,
            int depth) {
        if (depth > DEPTH || before.isMissingNode()) {
            return;
        }
        if (now.isMissingNode()) {
            breaks.add(at + ": removed");
            return;
        }
        for (String keyword : SAME) {
            if (before.has(keyword) && !before.get(keyword).equals(now.get(keyword))) {
                breaks.add(at + ": " + keyword + " " + before.get(keyword) + " became " + now.get(keyword));
            }
        }
        JsonNode outerBefore = resolve(beforeDoc, before);
        JsonNode outerNow = resolve(nowDoc, now);
        JsonNode b = inner(beforeDoc, outerBefore);
        JsonNode n = inner(nowDoc, outerNow);
        types(at, union(outerBefore, b), union(outerNow, n), request);
        Set<String> missing = values(b.path("enum"));
        missing.removeAll(values(n.path("enum")));
        if (n.has("enum") && !missing.isEmpty()) {
            breaks.add(at + ": enum values removed " + missing);
        }
        if (request) {
            Set<String> required = values(n.path("required"));
            required.removeAll(values(b.path("required")));
            required.forEach(field -> breaks.add(at + "/" + field + ": newly required"));
        }
        b.path("properties").fields().forEachRemaining(field -> schema(at + "/" + field.getKey(), beforeDoc,
                field.getValue(), nowDoc, n.path("properties").path(field.getKey()), request, depth + 1));
        schema(at + "/items", beforeDoc, b.path("items"), nowDoc, n.path("items"), request, depth + 1);
    }

    private void types(String at, Set<String> before, Set<String> now, boolean request) {
        if (before.isEmpty() || now.isEmpty()) {
            return;
        }
        Set<String> wider = new TreeSet<>(request ? before : now);
        wider.removeAll(request ? now : before);
        if (!wider.isEmpty()) {
            breaks.add(at + ": type " + before + " became " + now);
        }
    }

    /** The schema an {@code anyOf} of one schema and {@code null} is about, resolved; any other schema itself. */
    private static JsonNode inner(JsonNode document, JsonNode schema) {
        List<JsonNode> options = new ArrayList<>();
        schema.path("anyOf").forEach(option -> {
            if (!"null".equals(option.path("type").asText())) {
                options.add(option);
            }
        });
        return options.size() == 1 ? resolve(document, options.get(0)) : schema;
    }

    private static Set<String> union(JsonNode outer, JsonNode inner) {
        Set<String> types = types(outer);
        types.addAll(types(inner));
        return types;
    }

    /** The {@code type}s of a schema, a {@code ["T", "null"]} union and an {@code anyOf} of a schema and null included. */
    private static Set<String> types(JsonNode schema) {
        Set<String> types = new TreeSet<>();
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            type.forEach(each -> types.add(each.asText()));
        } else if (type.isTextual()) {
            types.add(type.asText());
        }
        schema.path("anyOf").forEach(option -> {
            if ("null".equals(option.path("type").asText())) {
                types.add("null");
            }
        });
        return types;
    }

    /** {@code node}, or what its {@code $ref} points at in {@code document}. */
    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode at = node;
        for (int hops = 0; at.has("$ref") && hops < 5; hops++) {
            at = document.at(at.get("$ref").asText().substring(1));
        }
        return at;
    }

    private static Set<String> values(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(value -> values.add(value.isTextual() ? value.asText() : value.toString()));
        return values;
    }
}
