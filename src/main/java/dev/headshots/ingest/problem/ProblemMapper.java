package dev.headshots.ingest.problem;

import java.io.IOException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns failures into {@code application/problem+json} answers: one mapper for our own {@link ProblemException}s, one for the
 * framework's HTTP errors (unknown path, wrong method, unreadable body), and one for anything unexpected, which is logged once
 * with its stack trace and answered 500 without details.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response ours(ProblemException e) {
        return answer(e);
    }

    /** The HTTP answer for {@code e}; also used by filters that refuse a request before it reaches a resource. */
    public static Response answer(ProblemException e) {
        Response.ResponseBuilder answer = Response.status(e.kind().status())
                .type(Problem.MEDIA_TYPE)
                .entity(e.toProblem());
        if (e.retryAfter() != null) {
            answer.header("Retry-After", Math.max(1, e.retryAfter().toSeconds()));
        }
        return answer.build();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ProblemKind kind = switch (status) {
            case 404 -> ProblemKind.NOT_FOUND;
            case 405 -> ProblemKind.METHOD_NOT_ALLOWED;
            case 406 -> ProblemKind.NOT_ACCEPTABLE;
            case 413 -> ProblemKind.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemKind.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? ProblemKind.INTERNAL_ERROR : ProblemKind.BAD_REQUEST;
        };
        return ours(new ProblemException(kind, kind.title()));
    }

    /** A body the framework could not read (a multipart upload cut short, a broken stream): the sender's fault, 400. */
    @ServerExceptionMapper
    public Response unreadable(IOException e) {
        return ours(new ProblemException(ProblemKind.BAD_REQUEST, "The request body could not be read."));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected failure while answering a request", e);
        return ours(new ProblemException(ProblemKind.INTERNAL_ERROR, "The request could not be completed."));
    }
}
