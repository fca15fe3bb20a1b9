package dev.headshots.ingest.tenant;

import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling {@code /v1}: the tenant whose API key the request carries, put on the request by {@link ApiKeyFilter} before
 * any resource runs. Every {@code /v1} resource scopes what it reads and writes to it.
 */
public record Caller(String tenantId) {

    private static final String KEY = Caller.class.getName();

    /** The caller of an authenticated {@code /v1} request. */
    public static Caller of(RoutingContext request) {
        Caller caller = request.get(KEY);
        if (caller == null) {
            throw new IllegalStateException("no caller on a request that passed the API key filter");
        }
        return caller;
    }

    void attach(RoutingContext request) {
        request.put(KEY, this);
    }
}
