package dev.headshots.ingest.copy;

/**
 * Why one attempt to copy an image failed, as a value: a machine-readable {@link Reason}, whether another attempt may succeed,
 * and a short detail that never holds a URL or an address.
 */
public class CopyFailure extends RuntimeException {

    /** Machine-readable reasons, recorded on the image as {@code error}. */
    public enum Reason {
        /**
         * The URL is not one we fetch: its host is not in {@code headshots.download.allowed-hosts}, is an IP address rather
         * than a name, or the URL carries user-info, an invalid port or no host at all.
         */
        HOST_NOT_ALLOWED,
        /**
         * The scheme or a resolved address is refused: plain http, or a loopback, private, link-local, multicast or otherwise
         * special-purpose address ({@link AddressRanges}).
         */
        BLOCKED_ADDRESS,
        /** The origin answered with a redirect, and following it is off, or it was one too many or led nowhere usable. */
        REDIRECT,
        /** The origin answered with an HTTP error status. */
        HTTP_STATUS,
        /** Connection refused or reset, DNS failure, or a timeout. */
        NETWORK,
        /** The origin's media type is not JPEG, PNG or WebP. */
        UNSUPPORTED_CONTENT_TYPE,
        /** The body's first bytes are not those of a JPEG, PNG or WebP image, whatever its media type says. */
        NOT_AN_IMAGE,
        /** The image is over {@code headshots.download.max-image-bytes}. */
        TOO_LARGE,
        /** The body ended before its declared length. */
        TRUNCATED,
        /** Our object storage refused or failed the upload. */
        STORAGE
    }

    /** Longest detail kept; {@code error_detail} holds 512 characters, and a detail is meant to be short. */
    private static final int MAX_DETAIL = 200;

    private static final int FORBIDDEN = 403;

    private final Reason reason;
    private final boolean transientFailure;
    private final int status;

    private CopyFailure(Reason reason, boolean transientFailure, int status, String detail, Throwable cause) {
        super(detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "…", cause, false, false);
        this.reason = reason;
        this.transientFailure = transientFailure;
        this.status = status;
    }

    public static CopyFailure permanent(Reason reason, String detail) {
        return new CopyFailure(reason, false, 0, detail, null);
    }

    public static CopyFailure retryable(Reason reason, String detail, Throwable cause) {
        return new CopyFailure(reason, true, 0, detail, cause);
    }

    /**
     * The failure an origin's HTTP status stands for: 5xx, 408 and 429 may pass, any other 4xx will not. A 403 is what an
     * expired presigned URL answers; {@link #isForbidden()} lets the retry policy judge it against the URL's deadline.
     */
    public static CopyFailure ofStatus(int status) {
        boolean retry = status >= 500 || status == 408 || status == 429;
        return new CopyFailure(Reason.HTTP_STATUS, retry, status, "origin answered " + status, null);
    }

    /** The same failure, its detail prefixed with where it happened, e.g. {@code "redirect 1: "}. */
    public CopyFailure at(String where) {
        return new CopyFailure(reason, transientFailure, status, where + ": " + getMessage(), getCause());
    }

    /** Whether the origin answered 403 Forbidden. */
    public boolean isForbidden() {
        return status == FORBIDDEN;
    }

    public Reason reason() {
        return reason;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
