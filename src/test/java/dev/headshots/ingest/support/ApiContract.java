package dev.headshots.ingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.RestAssured;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.MultiPartSpecification;

/**
 * Checks every REST-assured exchange with the service against the OpenAPI document the service serves ({@link ServedDocument}),
 * and fails the test with every violation when the document does not describe it: an undescribed operation, status, media type
 * or header, a body that breaks its schema, or a field the schema does not declare. A request the document calls invalid may be
 * refused (any described 4xx); if it is accepted, the document or the service is wrong, and that fails too. A path or method
 * the document does not have must be answered with a problem document, 400 (an ambiguous spelling), 404 or 405. Installed on
 * every test by {@link ApiContractExtension}; requests to other servers and to routes outside the API ({@code /q},
 * {@code /console}, the benchmark's hidden ceiling) pass unchecked.
 */
public final class ApiContract implements OrderedFilter {

    private static final List<String> SURFACE = List.of("/v1", "/admin", "/webhooks/");
    private static final List<String> HIDDEN = List.of("/webhooks/bench/ceiling");
    private static final String PROBLEM = "/components/schemas/Problem";
    /** Scheme and authority, then the raw path, of a request URI however hostile its path (not every one parses as a URI). */
    private static final Pattern URL = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)([^?#]*).*", Pattern.DOTALL);
    private static final Set<Integer> UNROUTED = Set.of(400, 404, 405);
    private static final Set<Integer> GUARDED = Set.of(401, 429, 503);
    private static final Map<String, AtomicLong> EXCHANGES = new ConcurrentHashMap<>();

    /** Adds the check to every request REST-assured sends from this class loader, once. */
    public static void install() {
        if (RestAssured.filters().stream().noneMatch(ApiContract.class::isInstance)) {
            RestAssured.filters(new ApiContract());
        }
    }

    /** The exchanges checked since the last call, by operation ({@code METHOD template}), and forgets them. */
    public static Map<String, Long> drain() {
        Map<String, Long> counts = new ConcurrentHashMap<>();
        EXCHANGES.keySet().forEach(operation -> counts.put(operation, EXCHANGES.remove(operation).get()));
        return counts;
    }

    @Override
    public int getOrder() {
        return OrderedFilter.HIGHEST_PRECEDENCE;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification expected,
            FilterContext context) {
        Response response = context.next(request, expected);
        Matcher uri = URL.matcher(request.getURI());
        String path = uri.matches() ? uri.group(2) : "";
        if (SURFACE.stream().noneMatch(path::startsWith) || HIDDEN.contains(path)) {
            return response;
        }
        Optional<ServedDocument> served = ServedDocument.at(uri.group(1));
        if (served.isPresent()) {
            List<String> parts = request.getMultiPartParams().stream().map(MultiPartSpecification::getControlName).toList();
            List<String> violations = new ArrayList<>();
            String operation = check(served.get(), adapted(request, path), parts, RestAssuredResponse.of(response),
                    violations);
            if (!violations.isEmpty()) {
                throw new AssertionError("The OpenAPI document at /q/openapi does not describe " + request.getMethod() + " "
                        + path + " answered " + response.statusCode() + " " + response.asString() + ": " + violations);
            }
            EXCHANGES.computeIfAbsent(operation, key -> new AtomicLong()).incrementAndGet();
        }
        return response;
    }

    /**
     * Adds what is wrong with the exchange of {@code request} (whose multipart body, if any, has {@code parts}) and
     * {@code response} to {@code violations}; returns the operation it was, for the count.
     */
    public static String check(ServedDocument served, Request request, List<String> parts,
            com.atlassian.oai.validator.model.Response response, List<String> violations) {
        String method = request.getMethod().name();
        String path = request.getPath();
        Optional<String> template = served.template(path);
        Optional<JsonNode> operation = template.flatMap(found -> served.operation(found, method));
        int status = response.getStatus();
        String body = text(response);
        if (operation.isEmpty()) {
            boolean guarded = path.startsWith("/v1") || path.startsWith("/admin");
            if (!UNROUTED.contains(status) && !(guarded && GUARDED.contains(status))) {
                violations.add("no such operation, answered " + status + " instead of 400, 404 or 405 (or, under /v1 and "
                        + "/admin, the key filters' 401, 429 or 503)");
            } else {
                violations.addAll(served.schemaViolations(PROBLEM, body));
            }
            return method + " (no such operation)";
        }
        if (status < 400) {
            List<String> invalid = new ArrayList<>();
            errors(served.validator().validateRequest(request), invalid);
            if (!parts.isEmpty()) {
                // the validator reads no multipart body: the parts' names are checked against the body's schema here
                invalid.removeIf(error -> error.startsWith("validation.request.body.missing"));
                invalid.addAll(served.partViolations(operation.get(), parts));
            }
            invalid.forEach(error -> violations.add("accepted although the request is invalid: " + error));
        }
        errors(served.validator().validateResponse(path, request.getMethod(), response), violations);
        String mediaType = response.getContentType().map(type -> type.split(";", 2)[0].trim()).orElse("");
        violations.addAll(served.bodyViolations(ServedDocument.pointer(template.get(), method), operation.get(), status,
                mediaType, body));
        return method + " " + template.get();
    }

    /** The request as the validator reads it; one whose URI does not parse, by its method and raw path alone. */
    private static Request adapted(FilterableRequestSpecification request, String path) {
        try {
            Request adapted = RestAssuredRequest.of(request);
            adapted.getPath();
            return adapted;
        } catch (IllegalArgumentException e) {
            return new SimpleRequest.Builder(request.getMethod(), path).build();
        }
    }

    private static void errors(ValidationReport report, List<String> violations) {
        report.getMessages().stream().filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .forEach(message -> violations.add(message.getKey() + ": " + message.getMessage()));
    }

    private static String text(com.atlassian.oai.validator.model.Response response) {
        return response.getResponseBody().map(body -> {
            try {
                return body.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse("");
    }
}
