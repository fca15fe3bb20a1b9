package dev.headshots.ingest.copy;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The redirect rules of a download: which statuses are redirects, how far they may go
 * ({@code headshots.download.max-redirects}, 0 by default: none), and where one points. The target is returned unvetted: the
 * caller vets it like a first URL, host, scheme and addresses included.
 */
final class Redirects {

    /** The most redirects {@code max-redirects} may allow. */
    static final int LIMIT = 3;

    private final int max;

    Redirects(int max) {
        if (max < 0 || max > LIMIT) {
            throw new IllegalArgumentException("headshots.download.max-redirects must be within 0.." + LIMIT + ", not " + max);
        }
        this.max = max;
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * Where redirect number {@code hop} (1 for the first) from {@code from} leads: its {@code Location} resolved against
     * {@code from}. Fails with {@link CopyFailure.Reason#REDIRECT} when redirects are off or this one is over the limit, or
     * when the {@code Location} is missing or unreadable.
     */
    URI target(URI from, String location, int hop) {
        if (hop > max) {
            throw CopyFailure.permanent(CopyFailure.Reason.REDIRECT, max == 0
                    ? "origin redirected, and following redirects is off (headshots.download.max-redirects)"
                    : "more than " + max + " redirects");
        }
        if (location == null || location.isBlank()) {
            throw CopyFailure.permanent(CopyFailure.Reason.REDIRECT, "redirect without a Location");
        }
        try {
            URI base = from.getRawPath() == null || from.getRawPath().isEmpty() ? from.resolve("/") : from;
            return base.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw CopyFailure.permanent(CopyFailure.Reason.REDIRECT, "redirect to an unreadable Location");
        }
    }
}
