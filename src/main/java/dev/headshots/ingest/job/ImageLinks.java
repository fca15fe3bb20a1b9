package dev.headshots.ingest.job;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.config.ApiConfig;
import dev.headshots.ingest.config.StorageConfig;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned GET URLs of our own bucket, valid for {@code headshots.api.url-ttl}: how API callers download stored images without
 * bucket credentials. Signing is local computation (no request to S3), so it is safe on the event loop.
 */
@ApplicationScoped
public class ImageLinks {

    private final S3Presigner presigner;
    private final String bucket;
    private final Duration ttl;

    public ImageLinks(S3Presigner presigner, StorageConfig storage, ApiConfig api) {
        this.presigner = presigner;
        this.bucket = storage.bucket();
        this.ttl = api.urlTtl();
    }

    /** A URL that downloads {@code key} of {@code bucket} (null: the installation's) until {@link #expiry(Instant)}. */
    public String url(String bucket, String key) {
        String of = bucket == null ? this.bucket : bucket;
        return presigner.presignGetObject(request -> request.signatureDuration(ttl)
                .getObjectRequest(get -> get.bucket(of).key(key)))
                .url()
                .toString();
    }

    /** When URLs made at {@code now} stop working. */
    public Instant expiry(Instant now) {
        return now.plus(ttl);
    }
}
