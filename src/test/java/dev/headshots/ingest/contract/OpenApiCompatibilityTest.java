package dev.headshots.ingest.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The HTTP API keeps its promise to the clients generated from it: compared with the last released document
 * ({@code src/test/resources/openapi/released/openapi.json}), the current one ({@code openapi/openapi.json}, which
 * {@link OpenApiDocumentTest} keeps equal to what {@code /q/openapi} serves) breaks nothing ({@link HttpCompatibility}), unless
 * the break is declared, one line each, in {@code openapi/declared-breaks.txt} with its reason; a declaration that no longer
 * matches a break fails too, so the file never outlives the change it excused. The rule itself is tested on mutations of the
 * released document. On releasing, copy the current document into {@code released/} and empty the declarations.
 */
class OpenApiCompatibilityTest {

    static final Path DIRECTORY = Path.of("src", "test", "resources", "openapi");
    static final Path CURRENT = DIRECTORY.resolve("openapi.json");
    static final Path RELEASED = DIRECTORY.resolve("released").resolve("openapi.json");
    static final Path DECLARED = DIRECTORY.resolve("declared-breaks.txt");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCurrentDocumentBreaksNoClientOfTheReleasedOneButAsDeclared() throws IOException {
        List<String> breaks = HttpCompatibility.breaks(read(RELEASED), read(CURRENT));
        List<String> declared = declared();
        assertThat(breaks).as("breaks of %s against %s not declared in %s", CURRENT, RELEASED, DECLARED)
                .isSubsetOf(declared);
        assertThat(declared).as("declarations in %s that match no break any more", DECLARED).isSubsetOf(breaks);
    }

    @Test
    void theReleasedDocumentHasTheOperationsOfTheTour() throws IOException {
        List<String> ids = new ArrayList<>();
        read(RELEASED).path("paths").forEach(item -> item.forEach(operation -> ids.add(operation.path("operationId")
                .asText())));
        assertThat(ids).contains("submitJob", "getJob", "listJobs", "replayJob", "cancelJob", "deleteJob", "createTenant",
                "issueApiKey", "revokeApiKey").doesNotContainNull();
    }

    @Test
    void removingAnOperationBreaksTheRule() throws IOException {
        ObjectNode document = released();
        ((ObjectNode) document.at("/paths/~1v1~1headshots~1{headshotsId}")).remove("delete");
        assertThat(HttpCompatibility.breaks(released(), document))
                .containsExactly("DELETE /v1/headshots/{headshotsId}: removed");
    }

    @Test
    void removingAResponseFieldOrMakingItNullableBreaksTheRule() throws IOException {
        ObjectNode document = released();
        ((ObjectNode) document.at("/components/schemas/JobSummary/properties")).remove("status_url");
        ((ObjectNode) document.at("/components/schemas/JobSummary/properties/client_reference_id"))
                .putArray("type").add("string").add("null").add("integer");
        ((ObjectNode) document.at("/components/schemas/JobSummary/properties/image_count")).put("type", "string");
        assertThat(HttpCompatibility.breaks(released(), document)).contains(
                "GET /v1/headshots 200/items/items/status_url: removed",
                "GET /v1/headshots 200/items/items/client_reference_id: type [null, string] became [integer, null, string]",
                "GET /v1/headshots 200/items/items/image_count: type [integer, null] became [string]");
    }

    @Test
    void removingAnEnumValueBreaksTheRule() throws IOException {
        ObjectNode document = released();
        ArrayNode statuses = (ArrayNode) document.at("/components/schemas/JobStatus/enum");
        statuses.remove(0);
        assertThat(HttpCompatibility.breaks(released(), document)).contains(
                "GET /v1/headshots/{headshotsId} 200/status: enum values removed [SUBMITTED]");
    }

    @Test
    void aNewlyRequiredRequestFieldOrParameterBreaksTheRule() throws IOException {
        ObjectNode document = released();
        ((ArrayNode) document.at("/components/schemas/TenantCreate/required")).add("bucket");
        ObjectNode limit = (ObjectNode) parameter(document, "/paths/~1v1~1headshots/get/parameters", "limit");
        limit.put("required", true);
        assertThat(HttpCompatibility.breaks(released(), document)).containsExactlyInAnyOrder(
                "POST /admin/v1/tenants body/bucket: newly required",
                "GET /v1/headshots: parameter query limit became required");
    }

    @Test
    void addingOperationsFieldsEnumValuesAndOptionalParametersKeepsIt() throws IOException {
        ObjectNode document = released();
        ((ObjectNode) document.at("/components/schemas/JobSummary/properties")).putObject("tenant_id").put("type", "string");
        ((ArrayNode) document.at("/components/schemas/JobStatus/enum")).add(TextNode.valueOf("ARCHIVED"));
        ((ArrayNode) document.at("/paths/~1v1~1headshots/get/parameters")).addObject().put("name", "before")
                .put("in", "query");
        ((ObjectNode) document.get("paths")).putObject("/v1/archive").putObject("get").put("operationId", "listArchive");
        ((ObjectNode) document.at("/components/schemas/TenantCreate/properties")).putObject("region").put("type", "string");
        assertThat(HttpCompatibility.breaks(released(), document)).isEmpty();
    }

    private static JsonNode parameter(JsonNode document, String pointer, String name) {
        for (JsonNode parameter : document.at(pointer)) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new IllegalArgumentException("no parameter " + name + " at " + pointer);
    }

    private static List<String> declared() throws IOException {
        return Files.readAllLines(DECLARED).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static ObjectNode released() throws IOException {
        return (ObjectNode) read(RELEASED);
    }

    private static JsonNode read(Path file) throws IOException {
        return JSON.readTree(Files.readString(file));
    }
}
