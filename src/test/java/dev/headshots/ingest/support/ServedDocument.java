package dev.headshots.ingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The OpenAPI document a running instance serves at {@code /q/openapi}, fetched once per base URL, and what checks an exchange
 * against it: Atlassian's validator for the exchange's shape, networknt's JSON Schema 2020-12 validator for the OpenAPI 3.1
 * schemas of its bodies (the Atlassian validator reads them as JSON Schema draft 4, and so ignores {@code type} unions such as
 * {@code ["string", "null"]}), and the operation a request path and method name. A server that serves no document of ours (the
 * Runflow simulator, a test's own origin) has none.
 */
public final class ServedDocument {

    /** The title of our document; a server whose document has another is not the service. */
    public static final String TITLE = "headshots-ingest";
    private static final String IRI = "https://headshots-ingest.test/openapi.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, Optional<ServedDocument>> SERVED = new ConcurrentHashMap<>();

    private final JsonNode document;
    private final OpenApiInteractionValidator validator;
    private final SchemaRegistry schemas;
    private final Map<Pattern, String> templates = new ConcurrentHashMap<>();

    /** The document {@code json}, as a server would serve it. */
    public ServedDocument(String json) {
        this.document = parse(json);
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(json).build();
        this.schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(IRI, json)));
        document.path("paths").fieldNames().forEachRemaining(path -> templates.put(Pattern.compile(
                Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q")), path));
    }

    /** The document served at {@code base} (scheme, host and port), if that server is the service. */
    public static Optional<ServedDocument> at(String base) {
        return SERVED.computeIfAbsent(base, ServedDocument::fetch);
    }

    /** The document as served, parsed. */
    public JsonNode json() {
        return document;
    }

    OpenApiInteractionValidator validator() {
        return validator;
    }

    /** The path template of the document that {@code path} is an instance of, if any. */
    public Optional<String> template(String path) {
        if (document.path("paths").has(path)) {
            return Optional.of(path);
        }
        return templates.entrySet().stream().filter(entry -> entry.getKey().matcher(path).matches())
                .map(Map.Entry::getValue).findFirst();
    }

    /** The operation at {@code template} for {@code method}, if the document has one. */
    public Optional<JsonNode> operation(String template, String method) {
        JsonNode operation = document.path("paths").path(template).get(method.toLowerCase());
        return Optional.ofNullable(operation);
    }

    /**
     * What is wrong with {@code body} as the answer {@code status} of {@code mediaType} to {@code operation} (at JSON pointer
     * {@code at}): an undescribed status or media type, or every violation of its schema.
     */
    public List<String> bodyViolations(String at, JsonNode operation, int status, String mediaType, String body) {
        String pointer = at + "/responses/" + status;
        JsonNode response = operation.path("responses").get(Integer.toString(status));
        if (response == null) {
            return List.of("status " + status + " is not described");
        }
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = document.at(pointer);
        }
        if (!response.has("content")) {
            return body.isEmpty() ? List.of() : List.of("status " + status + " is described without a body");
        }
        if (!response.path("content").has(mediaType)) {
            return List.of("status " + status + " is not described as " + mediaType);
        }
        return schemaViolations(pointer + "/content/" + escape(mediaType) + "/schema", body);
    }

    /** What is wrong with the names of the parts of a multipart request to {@code operation}: unknown or missing ones. */
    public List<String> partViolations(JsonNode operation, List<String> parts) {
        JsonNode schema = operation.path("requestBody").path("content").path("multipart/form-data").path("schema");
        if (schema.has("$ref")) {
            schema = document.at(schema.get("$ref").asText().substring(1));
        }
        List<String> violations = new ArrayList<>();
        for (String part : parts) {
            if (!schema.path("properties").has(part)) {
                violations.add("multipart: part " + part + " is not described");
            }
        }
        schema.path("required").forEach(required -> {
            if (!parts.contains(required.asText())) {
                violations.add("multipart: required part " + required.asText() + " is missing");
            }
        });
        return violations;
    }

    /** Every violation of the schema at JSON pointer {@code pointer} of the document by {@code body}, as JSON. */
    public List<String> schemaViolations(String pointer, String body) {
        JsonNode json;
        try {
            json = parse(body);
        } catch (UncheckedIOException e) {
            return List.of("the body is not JSON: " + body.substring(0, Math.min(body.length(), 80)));
        }
        List<String> violations = new ArrayList<>();
        schemas.getSchema(SchemaLocation.of(IRI + "#" + pointer)).validate(json)
                .forEach(error -> violations.add(error.toString()));
        return violations;
    }

    /** The JSON pointer of the operation at {@code template} for {@code method}. */
    public static String pointer(String template, String method) {
        return "/paths/" + escape(template) + "/" + method.toLowerCase();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static Optional<ServedDocument> fetch(String base) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 || !answer.body().startsWith("{")) {
                return Optional.empty();
            }
            boolean ours = TITLE.equals(parse(answer.body()).path("info").path("title").asText());
            return ours ? Optional.of(new ServedDocument(answer.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
