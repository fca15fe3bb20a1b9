package dev.headshots.ingest.copy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.config.IngestConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * One attempt to copy one image: GET from the origin (redirects and address vetting are {@link ImageSource}'s), checked status,
 * media type and declared size, then the first bytes: anything but JPEG, PNG or WebP magic is {@code NOT_AN_IMAGE}, and is
 * refused before any request reaches the bucket. The key and stored media type follow those bytes. The body is then streamed
 * into the bucket while its SHA-256 and length are computed and capped: with a {@code Content-Length} in one {@code PutObject},
 * without one as a multipart upload. Fails with a {@link CopyFailure} that says whether a retry may help.
 */
@ApplicationScoped
public class ImageTransfer {

    private final ImageSource source;
    private final ObjectStore store;
    private final long maxBytes;
    private final int partSize;

    public ImageTransfer(ImageSource source, ObjectStore store, IngestConfig config) {
        this.source = source;
        this.store = store;
        this.maxBytes = config.download().maxImageBytes().asLongValue();
        this.partSize = (int) config.storage().partSize().asLongValue();
    }

    /** Copies the image at {@code url} as image {@code index} of job {@code headshotsId}, to where {@code to} says. */
    public Uni<StoredObject> copy(Destination to, UUID headshotsId, int index, String url) {
        return source.open(url).chain(response -> store(to, headshotsId, index, response));
    }

    private Uni<StoredObject> store(Destination to, UUID headshotsId, int index, HttpClientResponse response) {
        CopyFailure refused = refusal(response);
        if (refused != null) {
            ImageSource.discard(response);
            return Uni.createFrom().failure(refused);
        }
        long declared = declaredLength(response.getHeader("Content-Length"));
        return BodySniffer.sniff(response.toMulti())
                .chain(sniffed -> upload(to, headshotsId, index, declared, sniffed))
                .onTermination().invoke((done, failure, cancelled) -> {
                    if (failure != null || cancelled) {
                        ImageSource.discard(response);
                    }
                });
    }

    /** Why the response, judged by its status and headers alone, is not taken; null when it is. */
    private CopyFailure refusal(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return CopyFailure.ofStatus(response.statusCode());
        }
        if (ObjectKeys.extension(response.getHeader("Content-Type")).isEmpty()) {
            return CopyFailure.permanent(CopyFailure.Reason.UNSUPPORTED_CONTENT_TYPE, "origin sent an unsupported media type");
        }
        if (declaredLength(response.getHeader("Content-Length")) > maxBytes) {
            return tooLarge();
        }
        return null;
    }

    private Uni<StoredObject> upload(Destination to, UUID headshotsId, int index, long declared,
            BodySniffer.Sniffed sniffed) {
        ImageFormat format = sniffed.format().orElseThrow(() -> CopyFailure.permanent(CopyFailure.Reason.NOT_AN_IMAGE,
                "the first bytes are not those of a JPEG, PNG or WebP image"));
        String key = ObjectKeys.of(to.keyPrefix(), headshotsId, index, format.extension());
        String bucket = store.bucketOr(to.bucket());
        Meter meter = new Meter(maxBytes);
        Multi<ByteBuffer> body = sniffed.body().map(meter::observe);
        Uni<Void> upload = declared >= 0
                ? store.put(bucket, key, format.mediaType(), declared,
                        body.onCompletion().invoke(() -> meter.expect(declared)))
                : store.putParts(bucket, key, format.mediaType(), Parts.of(body, partSize));
        return upload.map(done -> new StoredObject(key, meter.bytes, meter.hex(), format.mediaType()));
    }

    private static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static CopyFailure tooLarge() {
        return CopyFailure.permanent(CopyFailure.Reason.TOO_LARGE, "image is over the size limit");
    }

    /** Counts and hashes the bytes as they pass, and enforces the size cap while streaming. */
    private static final class Meter {

        private final MessageDigest digest;
        private final long limit;
        private long bytes;

        Meter(long limit) {
            this.limit = limit;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }

        ByteBuffer observe(Buffer chunk) {
            ByteBuffer view = chunk.getDelegate().getByteBuf().nioBuffer();
            bytes += view.remaining();
            if (bytes > limit) {
                throw tooLarge();
            }
            digest.update(view.duplicate());
            return view;
        }

        void expect(long declared) {
            if (bytes != declared) {
                throw CopyFailure.retryable(CopyFailure.Reason.TRUNCATED, "body ended before its declared length", null);
            }
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
