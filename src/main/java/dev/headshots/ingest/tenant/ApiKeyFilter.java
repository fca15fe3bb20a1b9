package dev.headshots.ingest.tenant;

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
 * Guards our own API: every request under {@code /v1} must carry an API key of a tenant in {@code X-Api-Key}
 * ({@link TenantKeys}), with the callbacks' per-client allowance of failed authentications (429 once used up). The tenant
 * becomes the request's {@link Caller}. It runs as the first route handler, on the router's normalised path (so {@code //v1} or
 * dot segments cannot slip past it), before a single body byte is read: an unauthenticated upload is refused at its headers.
 * Callbacks, health, metrics and OpenAPI are outside {@code /v1} and stay open. A refusal is a 401 problem that echoes nothing
 * of what was presented; a key that cannot be checked because Postgres is down is a 503.
 */
@ApplicationScoped
public class ApiKeyFilter {

    public static final String HEADER = "X-Api-Key";
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);

    private static final ProblemException REFUSAL = new ProblemException(ProblemKind.UNAUTHORIZED,
            "Missing or invalid X-Api-Key.");

    private final TenantKeys keys;
    private final CallbackLimits limits;
    private final ProblemResponses problems;
    private final ProblemException unavailable;

    public ApiKeyFilter(TenantKeys keys, CallbackLimits limits, ProblemResponses problems, IngestConfig config) {
        this.keys = keys;
        this.limits = limits;
        this.problems = problems;
        this.unavailable = new ProblemException(ProblemKind.UNAVAILABLE, "The API key could not be checked right now; retry "
                + "later.", List.of(), config.webhook().retryAfter());
        if (!keys.hasConfiguredKeys()) {
            LOG.info("headshots.api.keys is empty: only keys issued to tenants through /admin/v1 are accepted under /v1");
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
        keys.resolve(context.request().getHeader(HEADER)).subscribe().with(caller -> {
            if (caller.isPresent()) {
                caller.get().attach(context);
                context.next();
                return;
            }
            limits.failed(client);
            problems.send(context.response().putHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\""), REFUSAL);
        }, failure -> {
            LOG.warnf("an API key could not be checked: %s", failure.getMessage());
            problems.send(context.response(), unavailable);
        });
    }
}
