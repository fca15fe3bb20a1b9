package dev.headshots.ingest.security;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.problem.ProblemResponses;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The rule at the edge, before every guard and every resource: a request whose path is not in its one spelling
 * ({@link PathSpelling}) is answered 400 {@code ambiguous-path}, and an {@code OPTIONS} request 405 (the service serves no
 * cross-origin API, and the framework's automatic answer to it would be a 2xx on routes whose guard is in the resource).
 * Nothing of the request is read and nothing else runs. It is the first route of the router, on the path exactly as sent.
 */
@Singleton
public class PathSpellingFilter {

    /** Before the body-arrival clock (-101), the key filters (-101) and the console's guard (-100). */
    static final int ORDER = -1000;
    private static final String SERVED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";

    private final ProblemResponses problems;
    private final ProblemException optionsRefused = new ProblemException(ProblemKind.METHOD_NOT_ALLOWED,
            "OPTIONS is not served here: this service has no cross-origin API.");

    public PathSpellingFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext context) {
        var refusal = PathSpelling.refusal(context.request().path());
        if (refusal.isPresent()) {
            problems.send(context.response(), new ProblemException(ProblemKind.AMBIGUOUS_PATH, refusal.get()));
        } else if (context.request().method() == HttpMethod.OPTIONS) {
            problems.send(context.response().putHeader("Allow", SERVED_METHODS), optionsRefused);
        } else {
            context.next();
        }
    }
}
