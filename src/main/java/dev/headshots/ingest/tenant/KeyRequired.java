package dev.headshots.ingest.tenant;

import jakarta.ws.rs.Path;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.vertx.ext.web.RoutingContext;

/**
 * The guards' backstop in the resources: once the framework has picked a resource method, a method of a resource class under
 * {@code /v1} runs only when {@link ApiKeyFilter} put a {@link Caller} on the request, and one under {@code /admin} only when
 * {@link AdminKeyFilter} put the {@link Administrator} mark; otherwise the answer is a 401 problem. The realm is the resource
 * class's own {@code @Path}, not the path as sent, so no spelling of a path that the filters did not see reaches a resource.
 */
public class KeyRequired {

    @ServerRequestFilter
    public void require(SimpleResourceInfo resource, RoutingContext request) {
        Path path = resource.getResourceClass().getAnnotation(Path.class);
        String root = path == null ? "" : path.value();
        if (root.startsWith("/v1")) {
            Caller.of(request);
        } else if (root.startsWith("/admin")) {
            Administrator.of(request);
        }
    }
}
