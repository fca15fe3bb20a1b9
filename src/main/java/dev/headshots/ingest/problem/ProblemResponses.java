package dev.headshots.ingest.problem;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a {@link ProblemException} as the answer of a Vert.x route handler that refuses a request before it reaches a resource
 * (body limits, body arrival, API keys), with the same status, document and {@code Retry-After} as {@link ProblemMapper} gives
 * the resources.
 */
@ApplicationScoped
public class ProblemResponses {

    private final ObjectMapper json;

    public ProblemResponses(ObjectMapper json) {
        this.json = json;
    }

    /** Ends {@code response} with the problem; headers the caller set before are kept. */
    public Future<Void> send(HttpServerResponse response, ProblemException problem) {
        response.setStatusCode(problem.kind().status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.retryAfter() != null) {
            response.putHeader("Retry-After", Long.toString(Math.max(1, problem.retryAfter().toSeconds())));
        }
        return response.end(Buffer.buffer(serialise(problem)));
    }

    private byte[] serialise(ProblemException problem) {
        try {
            return json.writeValueAsBytes(problem.toProblem());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document is always serialisable", e);
        }
    }
}
