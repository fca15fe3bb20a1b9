package dev.headshots.ingest.tenant;

import org.jboss.logging.Logger;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.problem.ProblemResponses;
import dev.headshots.ingest.security.CallbackLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * What the filters of {@code /v1} and {@code /admin} share: a client that used up its allowance of failed authentications is
 * answered 429 before its key is looked at; a key that passes lets the request on; any other is a 401 problem that echoes
 * nothing, counted against the client; a key that cannot be checked (Postgres down) is a 503. The subclass says what passes.
 */
abstract class KeyFilter {

    private static final Logger LOG = Logger.getLogger(KeyFilter.class);

    private final String header;
    private final CallbackLimits limits;
    private final ProblemResponses problems;
    private final ProblemException refusal;
    private final ProblemException unavailable;

    KeyFilter(String header, CallbackLimits limits, ProblemResponses problems, ProblemException unavailable) {
        this.header = header;
        this.limits = limits;
        this.problems = problems;
        this.refusal = new ProblemException(ProblemKind.UNAUTHORIZED, "Missing or invalid " + header + ".");
        this.unavailable = unavailable;
    }

    /** Whether {@code presented} (null when absent) lets {@code request} in; may attach what it learnt to the request. */
    abstract Uni<Boolean> admits(RoutingContext request, String presented);

    final void filter(RoutingContext context) {
        String client = CallbackLimits.clientOf(context);
        try {
            limits.requireNotBlocked(client);
        } catch (ProblemException tooMany) {
            problems.send(context.response(), tooMany);
            return;
        }
        admits(context, context.request().getHeader(header)).subscribe().with(admitted -> {
            if (admitted) {
                context.next();
                return;
            }
            limits.failed(client);
            problems.send(context.response().putHeader("WWW-Authenticate", "ApiKey header=\"" + header + "\""), refusal);
        }, failure -> {
            LOG.warnf("a key in %s could not be checked: %s", header, failure.getMessage());
            problems.send(context.response(), unavailable);
        });
    }
}
