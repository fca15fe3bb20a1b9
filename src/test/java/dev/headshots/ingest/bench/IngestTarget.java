package dev.headshots.ingest.bench;

/**
 * One receiver of the ingest scenario: where callbacks go, with which shared secret, and which {@code event} they carry.
 *
 * @param key
 *            short name used in the results ({@code ceiling}, {@code service}, {@code express})
 * @param label
 *            what it is, for tables and charts
 */
record IngestTarget(String key, String label, int port, String path, String secret, String event) {

    /** A body for this target: a new job with {@code urls} image URLs. */
    byte[] body(CallbackBodies bodies, int urls) {
        return bodies.cdn(event, urls);
    }
}
