package dev.headshots.ingest.retry;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a presigned source URL stops working, read from the URL itself: {@code X-Amz-Date} plus {@code X-Amz-Expires} (S3 SigV4;
 * {@code X-Goog-Date}/{@code X-Goog-Expires} of Google Cloud Storage are read the same way), or {@code Expires} in epoch
 * seconds (S3 SigV2, CloudFront). A URL that states neither, or states it unreadably, gets {@code fallback} after the callback
 * was received (Runflow documents 24 h). No deadline is put later than {@link #LONGEST} after receipt, the longest lifetime S3
 * grants a presigned URL, so that a nonsensical value cannot keep a URL, or its retries, around indefinitely.
 */
public final class UrlDeadline {

    static final Duration LONGEST = Duration.ofDays(7);
    /**
     * A stated lifetime is read up to this, which keeps the arithmetic far from overflowing; {@link #LONGEST} caps it after.
     */
    private static final long READABLE_SECONDS = Duration.ofDays(3650).toSeconds();
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    private UrlDeadline() {
    }

    public static Instant of(String url, Instant receivedAt, Duration fallback) {
        Instant latest = receivedAt.plus(LONGEST);
        Instant deadline = stated(url).orElse(receivedAt.plus(fallback));
        return deadline.isAfter(latest) ? latest : deadline;
    }

    /** The expiry the URL states, if it states one readably. */
    static Optional<Instant> stated(String url) {
        Map<String, String> query = query(url);
        for (String vendor : new String[]{"x-amz-", "x-goog-"}) {
            Optional<Instant> signed = signedAt(query.get(vendor + "date"), query.get(vendor + "expires"));
            if (signed.isPresent()) {
                return signed;
            }
        }
        return epochSeconds(query.get("expires"));
    }

    private static Optional<Instant> signedAt(String date, String expires) {
        if (date == null || expires == null) {
            return Optional.empty();
        }
        try {
            Instant signed = LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC);
            long seconds = Long.parseLong(expires);
            return seconds < 0 ? Optional.empty() : Optional.of(signed.plusSeconds(Math.min(seconds, READABLE_SECONDS)));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> epochSeconds(String expires) {
        if (expires == null) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(expires);
            return seconds <= 0 || seconds > Instant.MAX.getEpochSecond() / 2
                    ? Optional.empty()
                    : Optional.of(Instant.ofEpochSecond(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Query parameters by lower-cased name; the first of repeated names wins. */
    private static Map<String, String> query(String url) {
        Map<String, String> parameters = new HashMap<>();
        String raw;
        try {
            raw = URI.create(url).getRawQuery();
        } catch (IllegalArgumentException e) {
            return parameters;
        }
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            try {
                String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                parameters.putIfAbsent(name, URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed escape: not a parameter we can read
            }
        }
        return parameters;
    }
}
