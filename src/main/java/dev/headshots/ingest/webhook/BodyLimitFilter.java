package dev.headshots.ingest.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.problem.ProblemResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Holds callbacks to {@code headshots.webhook.max-body-bytes}: a declared {@code Content-Length} over it is refused before a
 * single body byte is read, and a body without one (chunked) is refused as soon as it grows past it, instead of being buffered
 * up to the HTTP layer's much larger {@code quarkus.http.limits.max-body-size}. Every 413, that layer's own included, is
 * answered with a problem document.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final long maxBodyBytes;
    private final ProblemException tooLarge;
    private final ProblemResponses problems;
    private final CallbackMetrics metrics;

    public BodyLimitFilter(WebhookConfig config, ProblemResponses problems, CallbackMetrics metrics) {
        this.maxBodyBytes = config.maxBodyBytes().asLongValue();
        this.problems = problems;
        this.metrics = metrics;
        this.tooLarge = new ProblemException(ProblemKind.PAYLOAD_TOO_LARGE, "The body exceeds " + maxBodyBytes + " bytes.");
    }

    void install(@Observes Router router) {
        router.route("/webhooks/*").order(-100).handler(this::checkDeclaredLength);
        // Preallocated from Content-Length (Vert.x caps it at 64 KB), the buffer does not grow, and copy, as the body comes in.
        router.route("/webhooks/*").order(-99)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes).setPreallocateBodyBuffer(true));
        router.route().order(-100).failureHandler(this::renderTooLarge);
    }

    /** The whole body of a callback, read by this filter's body handler before the resource runs. */
    public static byte[] body(RoutingContext request) {
        Buffer body = request.body().buffer();
        return body == null ? new byte[0] : body.getBytes();
    }

    private void checkDeclaredLength(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && parse(declared) > maxBodyBytes) {
            reject(context);
        } else {
            context.next();
        }
    }

    private void renderTooLarge(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            reject(context);
        } else {
            context.next();
        }
    }

    private void reject(RoutingContext context) {
        if (context.request().path().startsWith("/webhooks/")) {
            metrics.refused(tooLarge);
        }
        problems.send(context.response().putHeader(HttpHeaders.CONNECTION, "close"), tooLarge);
    }

    private static long parse(String declared) {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
