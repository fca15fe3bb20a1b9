package dev.headshots.ingest.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

import dev.headshots.ingest.retry.Backoff;

/**
 * What a delivery becomes after an attempt:
 * <ul>
 * <li>a {@code 2xx} answer: {@code DELIVERED};</li>
 * <li>{@code 410 Gone}: {@code FAILED}, and the tenant's endpoint is disabled if that is where it went;</li>
 * <li>a refused URL or address, or a disabled endpoint: {@code FAILED} at once;</li>
 * <li>{@code 408}, {@code 429}, a {@code 5xx}, a timeout, a network failure, or no signing secret yet: retried after
 * {@link Backoff} (a {@code 429} or {@code 503} after its {@code Retry-After} instead, within {@code [1 s, backoff-max]});</li>
 * <li>any other answer (another {@code 4xx}, a {@code 3xx}, since redirects are not followed): retried until
 * {@code clientErrorAttempts} such answers were received, then {@code FAILED};</li>
 * <li>in every case, a retry that would fall after {@code retry_until} is {@code FAILED} instead.</li>
 * </ul>
 */
record DeliveryPolicy(Backoff backoff, int clientErrorAttempts) {

    enum Status {
        PENDING, DELIVERED, FAILED
    }

    /**
     * The outcome: the new status, the next attempt's time when it is retried, the status code and error to show, whether this
     * was one more client error, and whether the tenant's endpoint is to be disabled.
     */
    record Decision(Status status, Instant at, int statusCode, String error, boolean clientError, boolean disable) {
    }

    Decision after(Attempt attempt, Deliveries.Claimed delivery, Instant now, DoubleSupplier random) {
        int code = attempt.statusCode();
        String error = attempt.detail();
        if (attempt.kind() == Attempt.Kind.ANSWERED && code >= 200 && code < 300) {
            return new Decision(Status.DELIVERED, null, code, null, false, false);
        }
        if (attempt.kind() == Attempt.Kind.ANSWERED && code == 410) {
            return new Decision(Status.FAILED, null, code, delivery.tenantEndpoint()
                    ? "answered HTTP 410 Gone: the tenant's endpoint is disabled"
                    : "answered HTTP 410 Gone", false, delivery.tenantEndpoint());
        }
        if (attempt.kind() == Attempt.Kind.REFUSED || attempt.kind() == Attempt.Kind.DISABLED) {
            return new Decision(Status.FAILED, null, code, error, false, false);
        }
        boolean clientError = attempt.kind() == Attempt.Kind.ANSWERED && !isTransient(code);
        if (clientError && delivery.clientErrors() + 1 >= clientErrorAttempts) {
            return new Decision(Status.FAILED, null, code, error, true, false);
        }
        Instant at = now.plus(delay(attempt, delivery.attempts(), random));
        if (at.isAfter(delivery.retryUntil())) {
            return new Decision(Status.FAILED, null, code, error + "; retried until headshots.notify.max-age", clientError,
                    false);
        }
        return new Decision(Status.PENDING, at, code, error, clientError, false);
    }

    private Duration delay(Attempt attempt, int attempts, DoubleSupplier random) {
        if (attempt.retryAfter() != null && (attempt.statusCode() == 429 || attempt.statusCode() == 503)) {
            Duration asked = attempt.retryAfter();
            return asked.compareTo(Duration.ofSeconds(1)) < 0
                    ? Duration.ofSeconds(1)
                    : asked.compareTo(backoff.max()) > 0 ? backoff.max() : asked;
        }
        return backoff.delay(Math.max(1, attempts), random);
    }

    /** 408, 429 and 5xx: the endpoint may take it later. */
    static boolean isTransient(int code) {
        return code == 408 || code == 429 || code >= 500;
    }
}
