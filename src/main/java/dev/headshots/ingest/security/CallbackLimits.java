package dev.headshots.ingest.security;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.quarkus.runtime.Startup;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The abuse limits of the callback endpoints, per instance and in memory. A client address that failed to authenticate
 * {@code failed-auth-burst} times in a row is answered 429 until its allowance refills, before its credentials are checked. And
 * at most {@code max-accepted-per-second} callbacks are forwarded to Kafka per second; more are answered 503, so that a flood
 * of valid callbacks waits at the sender instead of in our send buffer. The client address is the connection's, or the one a
 * trusted proxy put in {@code X-Forwarded-For} ({@code quarkus.http.proxy.*}).
 */
@Startup
@ApplicationScoped
public class CallbackLimits {

    private static final Duration CEILING_RETRY_AFTER = Duration.ofSeconds(1);

    private final FailedAuthLimiter failures;
    private final TokenBucket accepted;

    public CallbackLimits(WebhookConfig webhook) {
        if (webhook.maxAcceptedPerSecond() < 1) {
            throw new IllegalArgumentException("headshots.webhook.max-accepted-per-second must be at least 1");
        }
        this.failures = new FailedAuthLimiter(webhook.failedAuthBurst(), webhook.failedAuthRefill(),
                webhook.failedAuthTrackedClients(), System::nanoTime);
        this.accepted = new TokenBucket(webhook.maxAcceptedPerSecond(),
                Duration.ofNanos(Duration.ofSeconds(1).toNanos() / webhook.maxAcceptedPerSecond()), System::nanoTime);
    }

    /** The address a request is counted under. */
    public static String clientOf(RoutingContext request) {
        SocketAddress address = request.request().remoteAddress();
        return address == null || address.hostAddress() == null ? "unknown" : address.hostAddress();
    }

    /** Refuses a client that has used up its failed authentications, with a 429 saying when it may try again. */
    public void requireNotBlocked(String client) {
        Duration blocked = failures.blockedFor(client);
        if (!blocked.isZero()) {
            Duration wholeSeconds = Duration.ofSeconds((blocked.toMillis() + 999) / 1000);
            throw new ProblemException(ProblemKind.TOO_MANY_REQUESTS, "Too many failed authentications; retry later.",
                    List.of(), wholeSeconds);
        }
    }

    /** Counts a failed authentication of {@code client}. */
    public void failed(String client) {
        failures.failed(client);
    }

    /** Takes one of this second's forwards, or refuses with a 503. */
    public void requireCapacity() {
        if (!accepted.tryTake()) {
            throw new ProblemException(ProblemKind.UNAVAILABLE, "Too many callbacks right now; retry later.", List.of(),
                    CEILING_RETRY_AFTER);
        }
    }
}
