package dev.headshots.ingest.console;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;

import dev.headshots.ingest.config.ApiConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.security.CallbackLimits;
import dev.headshots.ingest.security.SecretSet;
import dev.headshots.ingest.tenant.AdminConfig;
import dev.headshots.ingest.tenant.TenantKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Signing in to the console and out of it. A key of {@code headshots.admin.keys} opens an admin session (every tenant); a
 * tenant's API key, read as {@code /v1} reads it ({@link TenantKeys}), opens a session of that tenant. A wrong key counts
 * against the same per-address allowance of failed authentications as the API, and a client that used it up is answered 429
 * before its key is looked at. The form carries a CSRF token of its own ({@link SignInToken}). Sign-out deletes the session, so
 * a copied cookie stops working too.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    private final ConsoleSessions sessions;
    private final TenantKeys tenantKeys;
    private final CallbackLimits limits;
    private final SecretSet adminKeys;
    private final SecretSet configuredKeys;
    private final boolean secure;

    public SignInResource(ConsoleSessions sessions, TenantKeys tenantKeys, CallbackLimits limits, AdminConfig admin,
            ApiConfig api, ConsoleConfig config) {
        this.sessions = sessions;
        this.tenantKeys = tenantKeys;
        this.limits = limits;
        this.adminKeys = SecretSet.of(admin.keys().orElse(List.of()));
        this.configuredKeys = SecretSet.of(api.keys().orElse(List.of()));
        this.secure = config.secureCookie();
    }

    @GET
    @Operation(hidden = true)
    public RestResponse<String> home() {
        return Pages.seeOther("/console/jobs");
    }

    @GET
    @Path("/sign-in")
    @OpenPage
    @Operation(hidden = true)
    public Uni<RestResponse<String>> form() {
        return form(200, null);
    }

    @POST
    @Path("/sign-in")
    @OpenPage
    @Operation(hidden = true)
    public Uni<RestResponse<String>> signIn(@RestForm String key, @RestForm String csrf, RoutingContext request) {
        Cookie token = request.request().getCookie(SignInToken.COOKIE);
        if (!SignInToken.matches(token == null ? null : token.getValue(), csrf)) {
            return form(403, "This sign-in form has expired or did not come from this console. Sign in again.");
        }
        String client = CallbackLimits.clientOf(request);
        try {
            limits.requireNotBlocked(client);
        } catch (ProblemException tooMany) {
            return form(429, "Too many failed sign-ins from your address; wait a minute and try again.")
                    .map(response -> RestResponse.ResponseBuilder.fromResponse(response)
                            .header("Retry-After", tooMany.retryAfter() == null ? null : tooMany.retryAfter().toSeconds())
                            .build());
        }
        return who(key).chain(found -> {
            if (found.isEmpty()) {
                limits.failed(client);
                return form(401, "That key was not accepted. Use an API key of your tenant, or an admin key.");
            }
            Signer signer = found.get();
            return sessions.open(signer.tenantId(), key, signer.source())
                    .map(opened -> RestResponse.ResponseBuilder.<String>create(RestResponse.Status.SEE_OTHER)
                            .header("Location", "/console/jobs")
                            .header("Set-Cookie", ConsoleCookie.of(opened.token(), secure))
                            .header("Set-Cookie", SignInToken.cleared(secure))
                            .build());
        });
    }

    /** The sign-in form with {@code message} (null for none) and a fresh CSRF token, in the form and in its cookie. */
    private Uni<RestResponse<String>> form(int status, String message) {
        String token = SignInToken.fresh();
        return Pages.html(status, Pages.signIn(message, token))
                .map(response -> RestResponse.ResponseBuilder.fromResponse(response)
                        .header("Set-Cookie", SignInToken.cookie(token, secure)).build());
    }

    @POST
    @Path("/sign-out")
    @Operation(hidden = true)
    public Uni<RestResponse<String>> signOut(@RestForm String csrf, RoutingContext request) {
        ConsoleUser.of(request).requireCsrf(csrf);
        return sessions.close(request.request().getCookie(ConsoleGuard.COOKIE).getValue())
                .map(ignored -> RestResponse.ResponseBuilder.<String>create(RestResponse.Status.SEE_OTHER)
                        .header("Location", ConsoleGuard.SIGN_IN)
                        .header("Set-Cookie", ConsoleCookie.cleared(secure))
                        .build());
    }

    /** Who {@code key} signs in, if anyone. */
    private Uni<Optional<Signer>> who(String key) {
        if (key == null || key.isBlank()) {
            return Uni.createFrom().item(Optional.empty());
        }
        if (adminKeys.matches(key)) {
            return Uni.createFrom().item(Optional.of(new Signer(null, ConsoleSessions.KeySource.ADMIN)));
        }
        ConsoleSessions.KeySource source = configuredKeys.matches(key)
                ? ConsoleSessions.KeySource.CONFIG
                : ConsoleSessions.KeySource.TENANT;
        return tenantKeys.resolve(key).map(caller -> caller.map(found -> new Signer(found.tenantId(), source)));
    }

    private record Signer(String tenantId, ConsoleSessions.KeySource source) {
    }
}
