package dev.headshots.ingest.state;

/**
 * Where one image stands. {@code PENDING}: waiting for its first attempt. {@code COPYING}: an instance holds it.
 * {@code RETRYING}: its last attempt failed transiently and another is due at {@code next_attempt_at}. Terminal:
 * {@code STORED}, {@code FAILED} (it will not succeed), {@code EXPIRED} (its source URL's deadline passed before it could be
 * stored).
 */
public enum ImageStatus {

    PENDING, COPYING, RETRYING, STORED, FAILED, EXPIRED;

    public boolean isTerminal() {
        return this == STORED || this == FAILED || this == EXPIRED;
    }
}
