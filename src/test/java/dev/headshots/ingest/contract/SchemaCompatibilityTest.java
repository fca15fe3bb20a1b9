package dev.headshots.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.headshots.ingest.support.EventSchemas;

/**
 * The JSON Schemas of our events keep their promise to downstream teams: each file is a valid 2020-12 schema, and compared with
 * its last released version ({@code src/test/resources/schemas/released/}) it only adds fields ({@link Compatibility}). The
 * rule itself is tested on mutations of the released schema: a removed field, a retyped field and a removed enum value each
 * break it, added ones do not. On releasing a schema, copy it into {@code released/}.
 */
class SchemaCompatibilityTest {

    static final Path RELEASED = Path.of("src", "test", "resources", "schemas", "released");

    @Test
    void thereIsASchemaForTheEnvelopeAndEachPublishedType() {
        assertThat(EventSchemas.DIRECTORY.resolve(EventSchemas.ENVELOPE)).exists();
        assertThat(EventSchemas.types()).contains("headshots.stored");
        assertThat(EventSchemas.types()).allSatisfy(type -> assertThat(type).matches("headshots\\.[a-z_]+"));
    }

    @ParameterizedTest
    @MethodSource("schemaFiles")
    void eachSchemaIsAValid2020_12Schema(Path file) throws IOException {
        JsonNode schema = read(file);
        assertThat(schema.path("$schema").asText()).isEqualTo(EventSchemas.DIALECT);
        assertThat(EventSchemas.metaSchema().validate(schema)).as(file.toString()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("releasedFiles")
    void eachReleasedSchemaIsStillThereAndOnlyGrew(Path released) throws IOException {
        Path current = EventSchemas.DIRECTORY.resolve(released.getFileName());
        assertThat(current).as("a released schema was deleted").exists();
        assertThat(Compatibility.breaks(read(released), read(current))).as(current + " against " + released).isEmpty();
    }

    @Test
    void everyPublishedTypeHasBeenReleased() {
        assertThat(EventSchemas.types()).allSatisfy(type -> assertThat(RELEASED.resolve(type + ".json"))
                .as("copy schemas/" + type + ".json into " + RELEASED + " when the type is released").exists());
    }

    @Test
    void removingAFieldBreaksTheRule() throws IOException {
        ObjectNode schema = stored();
        ((ObjectNode) schema.at("/$defs/image/properties")).remove("sha256");
        assertThat(Compatibility.breaks(stored(), schema)).containsExactly("#/$defs/image/properties/sha256: removed");
        ObjectNode withoutTopLevel = stored();
        ((ObjectNode) withoutTopLevel.get("properties")).remove("bucket");
        assertThat(Compatibility.breaks(stored(), withoutTopLevel)).containsExactly("#/properties/bucket: removed");
    }

    @Test
    void retypingAFieldBreaksTheRule() throws IOException {
        ObjectNode schema = stored();
        ((ObjectNode) schema.at("/properties/image_count")).set("type", TextNode.valueOf("string"));
        assertThat(Compatibility.breaks(stored(), schema))
                .containsExactly("#/properties/image_count: type \"integer\" became \"string\"");
    }

    @Test
    void removingAnEnumValueBreaksTheRule() throws IOException {
        ObjectNode schema = stored();
        ((ObjectNode) schema.at("/properties/status")).putArray("enum").add("COMPLETED").add("FAILED");
        assertThat(Compatibility.breaks(stored(), schema))
                .containsExactly("#/properties/status: enum values removed [\"PARTIAL\"]");
    }

    @Test
    void addingFieldsAndEnumValuesKeepsIt() throws IOException {
        ObjectNode schema = stored();
        ((ObjectNode) schema.get("properties")).putObject("tenant_id").put("type", "string");
        schema.withArray("required").add("tenant_id");
        ((ObjectNode) schema.at("/properties/status")).withArray("enum").add("CANCELLED");
        ((ObjectNode) schema.at("/$defs")).putObject("metadata").put("type", "object");
        assertThat(Compatibility.breaks(stored(), schema)).isEmpty();
    }

    static Stream<Path> schemaFiles() throws IOException {
        return list(EventSchemas.DIRECTORY);
    }

    static Stream<Path> releasedFiles() throws IOException {
        return list(RELEASED);
    }

    private static Stream<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> json = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
            return json.stream();
        }
    }

    private static ObjectNode stored() throws IOException {
        return (ObjectNode) read(RELEASED.resolve("headshots.stored.json"));
    }

    private static JsonNode read(Path file) throws IOException {
        return EventSchemas.parse(Files.readString(file));
    }
}
