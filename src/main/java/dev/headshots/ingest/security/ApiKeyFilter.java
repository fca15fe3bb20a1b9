package dev.headshots.ingest.security;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.headshots.ingest.config.IngestConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.problem.ProblemMapper;

/**
 * Guards our own API: every request under {@code /v1} must carry one of {@code headshots.api.keys} in {@code X-Api-Key},
 * compared in constant time. Callbacks, health, metrics and OpenAPI are outside {@code /v1} and stay open. A refusal is a 401
 * problem that echoes nothing of what was presented.
 */
public class ApiKeyFilter {

    public static final String HEADER = "X-Api-Key";
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);

    private final SecretSet keys;

    public ApiKeyFilter(IngestConfig config) {
        this.keys = SecretSet.of(config.api().keys().orElse(List.of()));
        if (keys.isEmpty()) {
            LOG.warn("headshots.api.keys is empty: every request under /v1 will be refused with 401");
        }
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireKey(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.equals("/v1") || path.startsWith("/v1/")) || keys.matches(request.getHeaderString(HEADER))) {
            return Optional.empty();
        }
        Response refusal = ProblemMapper
                .answer(new ProblemException(ProblemKind.UNAUTHORIZED, "Missing or invalid X-Api-Key."));
        return Optional.of(Response.fromResponse(refusal).header("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"")
                .build());
    }
}
