package dev.headshots.ingest.tenant;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.vertx.ext.web.RoutingContext;

/**
 * The mark {@link AdminKeyFilter} puts on a request whose {@code X-Admin-Key} it accepted. Every {@code /admin} resource method
 * runs only on a request that carries it ({@link KeyRequired}): without it the answer is 401, whatever let the request through.
 */
public record Administrator() {

    private static final String KEY = Administrator.class.getName();
    private static final Administrator ONE = new Administrator();

    /** The administrator of a request that passed the admin key filter; a 401 problem when it did not. */
    public static Administrator of(RoutingContext request) {
        Administrator admin = request.get(KEY);
        if (admin == null) {
            throw new ProblemException(ProblemKind.UNAUTHORIZED, "Missing or invalid " + AdminKeyFilter.HEADER + ".");
        }
        return admin;
    }

    static void attach(RoutingContext request) {
        request.put(KEY, ONE);
    }
}
