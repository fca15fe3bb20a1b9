package dev.headshots.ingest.console;

import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.ext.web.RoutingContext;

/**
 * The console guard's backstop in the resources: once the framework has picked a console resource method, it runs only when
 * {@link ConsoleGuard} put a {@link ConsoleUser} on the request, unless it is an {@link OpenPage}; otherwise the answer is the
 * console's 401 page. The console's resources are the classes of this package, whatever path the request was spelt with.
 */
public class SessionRequired {

    @ServerRequestFilter
    public void require(ResourceInfo resource, RoutingContext request) {
        boolean console = resource.getResourceClass().getPackage() == SessionRequired.class.getPackage();
        if (console && !resource.getResourceMethod().isAnnotationPresent(OpenPage.class)) {
            ConsoleUser.of(request);
        }
    }
}
