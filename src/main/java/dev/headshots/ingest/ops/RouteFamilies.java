package dev.headshots.ingest.ops;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Names every request by its route family ({@code /v1/*}, {@code /admin/*}, {@code /console/*}, {@code /webhooks/*},
 * {@code /schemas/*}, {@code /q/*}, or {@code /*}) before anything answers it. Micrometer's {@code http_server_requests} and
 * the HTTP spans take their {@code uri} from the template a resource sets once it is matched; a request answered before that
 * (by the path rule, a key filter, the console's guard, the callbacks' body limit) would otherwise be named by its path as
 * sent, which for a per-job callback URL is a credential and for anything else is chosen by the caller, one time series per
 * spelling until Micrometer's cap of URI tags leaves real routes uncounted. A matched resource's own template replaces the
 * family.
 */
@Singleton
public class RouteFamilies {

    /** The request context's local that Quarkus's HTTP metrics and spans read the route template from. */
    static final String TEMPLATE = "UrlPathTemplate";
    private static final List<String> FAMILIES = List.of("/v1", "/admin", "/console", "/webhooks", "/schemas", "/q");

    void install(@Observes Router router) {
        router.route().order(-1001).handler(this::name);
    }

    void name(RoutingContext request) {
        Context context = Vertx.currentContext();
        if (context != null) {
            context.putLocal(TEMPLATE, familyOf(request.request().path()));
        }
        request.next();
    }

    static String familyOf(String path) {
        for (String family : FAMILIES) {
            if (path != null && (path.equals(family) || path.startsWith(family + "/"))) {
                return family + "/*";
            }
        }
        return "/*";
    }
}
