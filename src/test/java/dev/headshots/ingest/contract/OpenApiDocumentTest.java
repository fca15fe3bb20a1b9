package dev.headshots.ingest.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.copy.CopyFailure;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The OpenAPI document the service serves is the one kept in {@code src/test/resources/openapi/openapi.json} (from which the
 * tour's client is generated and against which compatibility is checked), holds what a generated client and Swagger UI need
 * from every operation, and passes a standard validator and a linter: {@code deploy/openapi/validate}, i.e.
 * {@code @apidevtools/swagger-parser} and Redocly CLI's recommended rules, at zero errors. When the document changes on
 * purpose, the first test says which file to copy where.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class OpenApiDocumentTest {

    static final Path SERVED = Path.of("target", "openapi", "served.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
    private static final Map<String, List<Object>> SECURITY = Map.of("/v1/", List.of("ApiKey"), "/admin/",
            List.of("AdminKey"), "/webhooks/", List.of());

    @Test
    void theKeptCopyIsTheServedDocument() throws IOException {
        JsonNode served = served();
        Files.createDirectories(SERVED.getParent());
        Files.writeString(SERVED, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n");
        assertThat(JSON.readTree(Files.readString(OpenApiCompatibilityTest.CURRENT)))
                .as("the served document changed: check it, then cp %s %s", SERVED, OpenApiCompatibilityTest.CURRENT)
                .isEqualTo(served);
    }

    @Test
    void everyOperationIsNamedSummarisedTaggedSecuredAndAnswersWithProblems() throws IOException {
        JsonNode document = served();
        Set<String> tags = new TreeSet<>();
        document.path("tags").forEach(tag -> tags.add(tag.path("name").asText()));
        Set<String> ids = new TreeSet<>();
        List<String> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> METHODS.stream().filter(path.getValue()::has)
                .forEach(method -> {
                    JsonNode operation = path.getValue().get(method);
                    String name = method.toUpperCase() + " " + path.getKey();
                    operations.add(name);
                    assertThat(operation.path("operationId").asText()).as(name).matches("[a-z][A-Za-z]+");
                    assertThat(ids.add(operation.path("operationId").asText())).as(name + " has a unique id").isTrue();
                    assertThat(operation.path("summary").asText()).as(name).isNotBlank();
                    assertThat(operation.path("tags")).as(name).hasSize(1);
                    assertThat(tags).as(name).contains(operation.path("tags").get(0).asText());
                    if (method.equals("get") || method.equals("delete")) {
                        assertThat(operation.has("requestBody")).as(name + " takes no body").isFalse();
                    }
                    assertThat(schemes(operation)).as(name).isEqualTo(SECURITY.entrySet().stream()
                            .filter(prefix -> path.getKey().startsWith(prefix.getKey())).findFirst().orElseThrow()
                            .getValue());
                    operation.path("responses").fields().forEachRemaining(response -> {
                        JsonNode answer = resolve(document, response.getValue());
                        assertThat(answer.path("description").asText()).as(name + " " + response.getKey()).isNotBlank();
                        if (response.getKey().compareTo("400") >= 0) {
                            assertThat(answer.path("content").has("application/problem+json"))
                                    .as(name + " " + response.getKey() + " is a problem document").isTrue();
                        }
                    });
                }));
        assertThat(operations).hasSize(22);
        document.path("tags").forEach(tag -> assertThat(tag.path("description").asText()).isNotBlank());
    }

    @Test
    void theImageErrorsAreTheCopiersReasons() throws IOException {
        List<String> errors = new ArrayList<>();
        served().at("/components/schemas/ImageError/enum").forEach(value -> errors.add(value.asText(null)));
        List<String> reasons = new ArrayList<>(Arrays.stream(CopyFailure.Reason.values()).map(Enum::name).toList());
        reasons.add(null);
        assertThat(errors).containsExactlyInAnyOrderElementsOf(reasons);
    }

    @Test
    void theStandardValidatorAndRedoclysRecommendedRulesFindNoError() throws Exception {
        Files.createDirectories(SERVED.getParent());
        Path file = SERVED.resolveSibling("validated.json");
        Files.writeString(file, JSON.writeValueAsString(served()));
        Process validate = new ProcessBuilder("deploy/openapi/validate", file.toString()).redirectErrorStream(true)
                .start();
        String output = new String(validate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(validate.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS)).isTrue();
        System.out.println(output);
        assertThat(validate.exitValue()).as("deploy/openapi/validate (run it once outside a sandbox to install "
                + "its npm packages):\n" + output).isZero();
        assertThat(output).contains("valid OpenAPI 3.1.0 document (swagger-parser): 16 paths, 22 operations")
                .contains("Your API description is valid");
    }

    private static List<Object> schemes(JsonNode operation) {
        List<Object> schemes = new ArrayList<>();
        operation.path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(schemes::add));
        return schemes;
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static JsonNode served() throws IOException {
        return JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString());
    }
}
