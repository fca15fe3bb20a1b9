package dev.headshots.ingest.tenant;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling {@code /v1}: the tenant whose API key the request carries, put on the request by {@link ApiKeyFilter} before
 * any resource runs. Every {@code /v1} resource scopes what it reads and writes to it, and runs only on a request that carries
 * one ({@link KeyRequired}): a request that reached a resource without it, whatever let it through, is answered 401.
 */
public record Caller(String tenantId) {

    private static final String KEY = Caller.class.getName();

    /** The caller of an authenticated {@code /v1} request; a 401 problem when the request was not authenticated. */
    public static Caller of(RoutingContext request) {
        Caller caller = request.get(KEY);
        if (caller == null) {
            throw new ProblemException(ProblemKind.UNAUTHORIZED, "Missing or invalid " + ApiKeyFilter.HEADER + ".");
        }
        return caller;
    }

    void attach(RoutingContext request) {
        request.put(KEY, this);
    }
}
