package dev.headshots.ingest.security;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.IngestConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.problem.ProblemResponses;
import dev.headshots.ingest.webhook.CallbackLimits;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards our own API: every request under {@code /v1} must carry one of {@code headshots.api.keys} in {@code X-Api-Key},
 * compared in constant time, with the callbacks' per-client allowance of failed authentications (429 once used up). It runs as
 * the first route handler, on the router's normalised path (so {@code //v1} or dot segments cannot slip past it), before a
 * single body byte is read: an unauthenticated upload is refused at its headers. Callbacks, health, metrics and OpenAPI are
 * outside {@code /v1} and stay open. A refusal is a 401 problem that echoes nothing of what was presented.
 */
@ApplicationScoped
public class ApiKeyFilter {

    public static final String HEADER = "X-Api-Key";
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);

    private static final ProblemException REFUSAL = new ProblemException(ProblemKind.UNAUTHORIZED,
            "Missing or invalid X-Api-Key.");

    private final SecretSet keys;
    private final CallbackLimits limits;
    private final ProblemResponses problems;

    public ApiKeyFilter(IngestConfig config, CallbackLimits limits, ProblemResponses problems) {
        this.keys = SecretSet.of(config.api().keys().orElse(List.of()));
        this.limits = limits;
        this.problems = problems;
        if (keys.isEmpty()) {
            LOG.warn("headshots.api.keys is empty: every request under /v1 will be refused with 401");
        }
    }

    void install(@Observes Router router) {
        router.route("/v1/*").order(-101).handler(this::requireKey);
    }

    private void requireKey(RoutingContext context) {
        String client = CallbackLimits.clientOf(context);
        try {
            limits.requireNotBlocked(client);
        } catch (ProblemException tooMany) {
            problems.send(context.response(), tooMany);
            return;
        }
        if (keys.matches(context.request().getHeader(HEADER))) {
            context.next();
            return;
        }
        limits.failed(client);
        problems.send(context.response().putHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\""), REFUSAL);
    }
}
