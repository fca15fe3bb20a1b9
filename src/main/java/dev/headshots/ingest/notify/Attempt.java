package dev.headshots.ingest.notify;

import java.time.Duration;

/**
 * What one attempt at a delivery came to: an answer (its status code, and the {@code Retry-After} it asked for, if any), or no
 * answer and why. {@code detail} is our own words, fit for {@code last_error}: never the URL, an address or the answer's body.
 */
record Attempt(Kind kind, int statusCode, Duration retryAfter, String detail) {

    enum Kind {
        /** The endpoint answered {@code statusCode}. */
        ANSWERED,
        /** No answer within the request timeout. */
        TIMEOUT,
        /**
         * The name did not resolve, or not only to public addresses (nothing was sent; told apart by nothing), or the
         * connection failed or broke.
         */
        NETWORK,
        /** The URL itself is refused by the outbound rules: nothing was sent. */
        REFUSED,
        /** The tenant has no signing secret: nothing was sent. */
        NO_SECRET,
        /** The tenant's endpoint was disabled by a 410: nothing was sent. */
        DISABLED
    }

    static Attempt answered(int statusCode, Duration retryAfter) {
        return new Attempt(Kind.ANSWERED, statusCode, retryAfter, "answered HTTP " + statusCode);
    }

    static Attempt failed(Kind kind, String detail) {
        return new Attempt(kind, 0, null, detail);
    }
}
