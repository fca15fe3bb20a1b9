package dev.headshots.ingest.console;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a {@link ConsoleProblem} with the console's HTML error page, with the header of a signed-in page when there is one.
 */
public class ConsoleErrors {

    @ServerExceptionMapper
    public Uni<RestResponse<String>> map(ConsoleProblem problem, RoutingContext request) {
        ConsoleUser user = request.get(ConsoleUser.class.getName());
        return Pages.html(problem.status(), Pages.error(user == null ? null : Pages.Nav.of(user, ""), problem.status(),
                problem.getMessage()));
    }
}
