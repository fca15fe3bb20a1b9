package dev.headshots.ingest.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The JSON Schemas of the events we publish ({@code src/main/resources/META-INF/resources/schemas}, served at
 * {@code /schemas/}), applied with networknt's json-schema-validator (2020-12): the CloudEvents envelope
 * ({@code cloudevent.json}) and the {@code data} schema of the event's type ({@code <type>.json}), which the event must also
 * name in {@code dataschema}. Every event the suite produces passes through {@link #requireValid}: the outbox of every
 * {@code @QuarkusTest} application ({@code outbox/ValidatedStoredEvents}), and every event the tests and the chaos suite read.
 */
public final class EventSchemas {

    /** The schemas as they are in the repository, for the tests that read the files themselves. */
    public static final Path DIRECTORY = Path.of("src", "main", "resources", "META-INF", "resources", "schemas");
    /** The envelope's schema; every other file is the data schema of the event type it is named after. */
    public static final String ENVELOPE = "cloudevent.json";
    /** The 2020-12 meta-schema, shipped inside the validator. */
    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private static final String RESOURCES = "META-INF/resources/schemas/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** Fails with every violation when {@code event}, a CloudEvent in JSON, does not follow its schemas. */
    public static void requireValid(String event) {
        List<String> violations = violations(event);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("the event violates its schemas: " + violations);
        }
    }

    /** What is wrong with {@code event}; empty when it follows the envelope's schema and its type's data schema. */
    public static List<String> violations(String event) {
        JsonNode node = parse(event);
        List<String> violations = new ArrayList<>();
        schema(ENVELOPE).validate(node).forEach(error -> violations.add("envelope " + error));
        String type = node.path("type").asText();
        String file = type + ".json";
        if (type.isEmpty() || !exists(file)) {
            violations.add("no data schema for type '" + type + "' (add schemas/" + file + ")");
            return violations;
        }
        if (!node.path("dataschema").asText().endsWith("/schemas/" + file)) {
            violations.add("dataschema " + node.path("dataschema") + " does not name schemas/" + file);
        }
        schema(file).validate(node.path("data")).forEach(error -> violations.add("data " + error));
        return violations;
    }

    /** The event types that have a data schema: every file of {@link #DIRECTORY} but the envelope's, by its name. */
    public static List<String> types() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .filter(name -> !name.equals(ENVELOPE)).map(name -> name.substring(0, name.length() - 5)).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 2020-12 meta-schema, to check the schema files themselves. */
    public static Schema metaSchema() {
        return REGISTRY.getSchema(SchemaLocation.of(DIALECT));
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exists(String file) {
        return loader().getResource(RESOURCES + file) != null;
    }

    private static Schema schema(String file) {
        return SCHEMAS.computeIfAbsent(file, name -> {
            try (InputStream in = loader().getResourceAsStream(RESOURCES + name)) {
                return REGISTRY.getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static ClassLoader loader() {
        return Thread.currentThread().getContextClassLoader();
    }
}
