package dev.headshots.ingest.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.vertx.ext.web.RoutingContext;

/**
 * Who is signed in to the console: a tenant, which sees its own jobs only, or an admin ({@code tenantId} null), which sees
 * every tenant's. {@link ConsoleGuard} puts it on the request from the session cookie before any console resource runs;
 * {@code csrf} is the session's token, which every state-changing form must carry back.
 */
public record ConsoleUser(String tenantId, String csrf) {

    private static final String KEY = ConsoleUser.class.getName();

    /** The user of a request that passed the guard; the console's 401 page when no session was found for it. */
    public static ConsoleUser of(RoutingContext request) {
        ConsoleUser user = request.get(KEY);
        if (user == null) {
            throw new ConsoleProblem(401, "Sign in to use the console.");
        }
        return user;
    }

    void attach(RoutingContext request) {
        request.put(KEY, this);
    }

    public boolean isAdmin() {
        return tenantId == null;
    }

    /** The tenant whose jobs a page shows: the user's own, or for an admin the one it filtered by (null: all). */
    public String scope(String filter) {
        return isAdmin() ? (filter == null || filter.isBlank() ? null : filter) : tenantId;
    }

    /** Refuses with 403 a form whose token is missing or is not this session's (a stale page, or another site's form). */
    public void requireCsrf(String presented) {
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                csrf.getBytes(StandardCharsets.UTF_8))) {
            throw ConsoleProblem.forbidden("This form has expired or did not come from this console. Reload the page and "
                    + "try again.");
        }
    }
}
