package dev.headshots.ingest.tenant;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.problem.ProblemResponses;
import dev.headshots.ingest.security.CallbackLimits;
import dev.headshots.ingest.security.SecretSet;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards the admin API: every request under {@code /admin} must carry one of {@code headshots.admin.keys} in
 * {@code X-Admin-Key}, compared in constant time, counted against the same per-client allowance of failed authentications as
 * {@code /v1}. With no admin key configured every {@code /admin} request is 401. Like {@link ApiKeyFilter} it runs first, on
 * the normalised path, before the body is read.
 */
@Singleton
public class AdminKeyFilter extends KeyFilter {

    public static final String HEADER = "X-Admin-Key";
    private static final Logger LOG = Logger.getLogger(AdminKeyFilter.class);

    private final SecretSet keys;

    public AdminKeyFilter(AdminConfig config, CallbackLimits limits, ProblemResponses problems) {
        super(HEADER, limits, problems, new ProblemException(ProblemKind.UNAVAILABLE, "Retry later.", List.of(), null));
        this.keys = SecretSet.of(config.keys().orElse(List.of()));
        if (keys.isEmpty()) {
            LOG.info("headshots.admin.keys is empty: the admin API under /admin answers 401 to every request");
        }
    }

    void install(@Observes Router router) {
        router.route("/admin/*").order(-101).handler(this::filter);
    }

    @Override
    Uni<Boolean> admits(RoutingContext request, String presented) {
        boolean admitted = keys.matches(presented);
        if (admitted) {
            Administrator.attach(request);
        }
        return Uni.createFrom().item(admitted);
    }
}
