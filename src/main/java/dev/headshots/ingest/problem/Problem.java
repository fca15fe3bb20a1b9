package dev.headshots.ingest.problem;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem document, the body of every 4xx and 5xx answer. {@code type} is a stable URN per problem kind
 * ({@code urn:headshots:problem:<kind>}), documented in docs/api.md, "Problem types"; {@code errors} lists field-level
 * violations.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(description = "An RFC 9457 problem document", requiredProperties = {"type", "title", "status"})
public record Problem(
        @Schema(description = "The problem's stable type, urn:headshots:problem:<kind> (docs/api.md, \"Problem types\")", pattern = "^urn:headshots:problem:[a-z-]+$") String type,
        String title, int status, @Schema(description = "What went wrong, for a person; never a secret") String detail,
        @Schema(description = "Field-level violations, when there are any") List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One field that failed validation: a JSON pointer to it and what is wrong, never the value itself. */
    @RegisterForReflection
    @Schema(requiredProperties = {"field", "message"})
    public record Violation(String field, String message) {
    }
}
