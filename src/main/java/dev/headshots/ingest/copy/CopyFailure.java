package dev.headshots.ingest.copy;

/**
 * Why one attempt to copy an image failed, as a value: a machine-readable {@link Reason}, whether another attempt may succeed,
 * and a short detail that never holds a URL's query string.
 */
public class CopyFailure extends RuntimeException {

    /** Machine-readable reasons, recorded on the image as {@code error}. */
    public enum Reason {
        /** The URL's host is not in {@code headshots.download.allowed-hosts}. */
        HOST_NOT_ALLOWED,
        /** The scheme or the resolved address is refused (plain http, loopback, private ranges). */
        BLOCKED_ADDRESS,
        /** The origin answered with an HTTP error status. */
        HTTP_STATUS,
        /** Connection refused or reset, DNS failure, or a timeout. */
        NETWORK,
        /** The origin's media type is not JPEG, PNG or WebP. */
        UNSUPPORTED_CONTENT_TYPE,
        /** The image is over {@code headshots.download.max-image-bytes}. */
        TOO_LARGE,
        /** The body ended before its declared length. */
        TRUNCATED,
        /** Our object storage refused or failed the upload. */
        STORAGE
    }

    private final Reason reason;
    private final boolean transientFailure;

    private CopyFailure(Reason reason, boolean transientFailure, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.reason = reason;
        this.transientFailure = transientFailure;
    }

    public static CopyFailure permanent(Reason reason, String detail) {
        return new CopyFailure(reason, false, detail, null);
    }

    public static CopyFailure retryable(Reason reason, String detail, Throwable cause) {
        return new CopyFailure(reason, true, detail, cause);
    }

    /** The failure an origin's HTTP status stands for: 5xx, 408 and 429 may pass, any other 4xx will not. */
    public static CopyFailure ofStatus(int status) {
        boolean retry = status >= 500 || status == 408 || status == 429;
        return new CopyFailure(Reason.HTTP_STATUS, retry, "origin answered " + status, null);
    }

    public Reason reason() {
        return reason;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
