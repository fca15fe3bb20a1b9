package dev.headshots.ingest.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem document, the body of every 4xx and 5xx answer. {@code type} is a stable URN per problem kind
 * ({@code urn:headshots:problem:<kind>}), documented in docs/api.md, "Problem types"; {@code errors} lists field-level
 * violations.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One field that failed validation: a JSON pointer to it and what is wrong, never the value itself. */
    @RegisterForReflection
    public record Violation(String field, String message) {
    }
}
