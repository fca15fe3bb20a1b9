package dev.headshots.ingest.job;

/** Where one image stands. {@code STORED} and {@code FAILED} are terminal. */
public enum ImageStatus {
    PENDING, COPYING, STORED, FAILED
}
