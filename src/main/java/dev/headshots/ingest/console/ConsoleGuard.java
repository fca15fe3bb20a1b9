package dev.headshots.ingest.console;

import java.net.URI;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.headshots.ingest.job.ImageLinks;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards every path under {@code /console}: it gives each answer the console's security headers (a strict
 * {@code Content-Security-Policy} with no inline script, {@code X-Frame-Options: DENY}, {@code Referrer-Policy: no-referrer} so
 * that presigned URLs never leak through {@code Referer}, {@code no-store}), answers 404 when the console is off, and puts the
 * {@link ConsoleUser} of the session cookie on the request. Without a session a page read is sent to the sign-in page (303) and
 * a form post is refused (403). The sign-in page and the static assets are open. It runs first, on the normalised path.
 */
@Singleton
public class ConsoleGuard {

    public static final String COOKIE = "hs_console";
    static final String SIGN_IN = "/console/sign-in";
    private static final String STATIC = "/console/static/";
    private static final Logger LOG = Logger.getLogger(ConsoleGuard.class);

    private final ConsoleConfig config;
    private final ConsoleSessions sessions;
    private final String policy;

    public ConsoleGuard(ConsoleConfig config, ConsoleSessions sessions, ImageLinks links) {
        this.config = config;
        this.sessions = sessions;
        this.policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' " + bucketOrigin(links)
                + "; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    void install(@Observes Router router) {
        router.route("/console").order(-100).handler(this::guard);
        router.route("/console/*").order(-100).handler(this::guard);
    }

    void guard(RoutingContext context) {
        if (!config.enabled()) {
            context.response().setStatusCode(404).end();
            return;
        }
        context.addHeadersEndHandler(ignored -> secure(context.response()));
        String path = context.normalizedPath();
        if (path.equals(SIGN_IN) || path.startsWith(STATIC)) {
            context.next();
            return;
        }
        var cookie = context.request().getCookie(COOKIE);
        sessions.resume(cookie == null ? null : cookie.getValue()).subscribe().with(user -> {
            if (user.isPresent()) {
                user.get().attach(context);
                context.next();
            } else if (context.request().method() == HttpMethod.GET || context.request().method() == HttpMethod.HEAD) {
                context.response().setStatusCode(303).putHeader("Location", SIGN_IN).end();
            } else {
                context.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("Your console session has ended; sign in again.");
            }
        }, failure -> {
            LOG.warnf("a console session could not be checked: %s", failure.getMessage());
            context.response().setStatusCode(503).putHeader("Retry-After", "5").end();
        });
    }

    private void secure(HttpServerResponse response) {
        response.headers().set("Content-Security-Policy", policy)
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set("X-Content-Type-Options", "nosniff")
                .set("Cross-Origin-Opener-Policy", "same-origin");
        if (!response.headers().contains("Cache-Control")) {
            response.headers().set("Cache-Control", "no-store");
        }
    }

    /** The scheme, host and port of the presigned URLs of our bucket: the only other place the console loads images from. */
    private static String bucketOrigin(ImageLinks links) {
        URI url = URI.create(links.url(null, "console-origin-probe"));
        return url.getScheme() + "://" + url.getRawAuthority();
    }
}
