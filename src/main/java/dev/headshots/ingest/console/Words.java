package dev.headshots.ingest.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the console says things in words: why an image is not stored (from its recorded reason and detail, which never hold a
 * URL), durations and times.
 */
final class Words {

    private static final Pattern STATUS = Pattern.compile("answered (\\d{3})");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Words() {
    }

    /** Why an image in {@code status} is not stored, as a sentence for the operator. */
    static String why(String status, String error, String detail, boolean sourceExpired) {
        return switch (status) {
            case "PENDING" -> "Waiting for its first copy attempt.";
            case "COPYING" -> "Being copied right now.";
            case "RETRYING" -> "The last attempt failed: " + cause(error, detail) + " It will be tried again.";
            case "EXPIRED" -> "The link had expired when we tried" + (error == null ? "." : ": " + cause(error, detail));
            case "FAILED" -> cause(error, detail) + (sourceExpired ? " Its link has expired since." : "");
            default -> "";
        };
    }

    /** The recorded reason of a failed attempt, in words. */
    static String cause(String error, String detail) {
        if (error == null) {
            return "No reason was recorded.";
        }
        return switch (error) {
            case "HTTP_STATUS" -> httpStatus(detail);
            case "NETWORK" -> "We could not reach Runflow's CDN (connection refused, reset or timed out).";
            case "HOST_NOT_ALLOWED" -> "The link points to a host we do not download from.";
            case "BLOCKED_ADDRESS" -> "The link leads to an address we refuse to fetch from.";
            case "REDIRECT" -> "Runflow's CDN redirected us somewhere we do not follow.";
            case "UNSUPPORTED_CONTENT_TYPE" -> "Runflow's CDN sent something that is not a JPEG, PNG or WebP image.";
            case "NOT_AN_IMAGE" -> "The bytes we received are not an image.";
            case "TOO_LARGE" -> "The image is larger than we accept.";
            case "TRUNCATED" -> "The download ended before the whole image arrived.";
            case "STORAGE" -> "Our bucket refused or failed the upload.";
            default -> "It failed (" + error + ").";
        };
    }

    private static String httpStatus(String detail) {
        Matcher status = STATUS.matcher(detail == null ? "" : detail);
        if (!status.find()) {
            return "Runflow's CDN answered with an error.";
        }
        String code = status.group(1);
        return code.equals("403")
                ? "Runflow's CDN answered 403: the link had expired or was refused."
                : "Runflow's CDN answered " + code + ".";
    }

    /** {@code at} as a UTC time, or an empty string. */
    static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    /** A duration as the largest two units that say it: "3 s", "4 min 12 s", "2 h 5 min", "3 d 4 h". */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return duration.toMillis() < 1000 ? duration.toMillis() + " ms" : seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }
}
