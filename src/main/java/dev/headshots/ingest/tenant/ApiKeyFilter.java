package dev.headshots.ingest.tenant;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.problem.ProblemResponses;
import dev.headshots.ingest.security.CallbackLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards our own API: every request under {@code /v1} must carry an API key of a tenant in {@code X-Api-Key}
 * ({@link TenantKeys}), with the callbacks' per-client allowance of failed authentications (429 once used up). The tenant
 * becomes the request's {@link Caller}. It runs as the first route handler, on the router's normalised path (so {@code //v1} or
 * dot segments cannot slip past it), before a single body byte is read: an unauthenticated upload is refused at its headers.
 * Callbacks, health, metrics and OpenAPI are outside {@code /v1} and stay open.
 */
@Singleton
public class ApiKeyFilter extends KeyFilter {

    public static final String HEADER = "X-Api-Key";
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);

    private final TenantKeys keys;

    public ApiKeyFilter(TenantKeys keys, CallbackLimits limits, ProblemResponses problems, WebhookConfig config) {
        super(HEADER, limits, problems, new ProblemException(ProblemKind.UNAVAILABLE, "The API key could not be checked "
                + "right now; retry later.", List.of(), config.retryAfter()));
        this.keys = keys;
        if (!keys.hasConfiguredKeys()) {
            LOG.info("headshots.api.keys is empty: only keys issued to tenants through /admin/v1 are accepted under /v1");
        }
    }

    void install(@Observes Router router) {
        router.route("/v1/*").order(-101).handler(this::filter);
    }

    @Override
    Uni<Boolean> admits(RoutingContext request, String presented) {
        return keys.resolve(presented).map(caller -> {
            caller.ifPresent(found -> found.attach(request));
            return caller.isPresent();
        });
    }
}
