package dev.headshots.ingest.copy;

/** What one successful copy put in the bucket. */
public record StoredObject(String key, long bytes, String sha256, String contentType) {
}
