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
 * One attempt to copy one image: GET from the origin, checked status, media type and size, then streamed into the bucket while
 * its SHA-256 and length are computed. With a {@code Content-Length} the bytes flow through without being held; without one,
 * the body is gathered in a buffer bounded by {@code max-image-bytes} first. Fails with a {@link CopyFailure} that says whether
 * a retry may help.
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

    public Uni<StoredObject> copy(UUID headshotsId, int index, String url) {
        return source.open(url).chain(response -> store(headshotsId, index, response));
    }

    private Uni<StoredObject> store(UUID headshotsId, int index, HttpClientResponse response) {
        if (response.statusCode() != 200) {
            discard(response);
            return Uni.createFrom().failure(CopyFailure.ofStatus(response.statusCode()));
        }
        String extension = ObjectKeys.extension(response.getHeader("Content-Type")).orElse(null);
        if (extension == null) {
            discard(response);
            return Uni.createFrom()
                    .failure(CopyFailure.permanent(CopyFailure.Reason.UNSUPPORTED_CONTENT_TYPE,
                            "origin sent an unsupported media type"));
        }
        long declared = declaredLength(response.getHeader("Content-Length"));
        if (declared > maxBytes) {
            discard(response);
            return Uni.createFrom().failure(tooLarge());
        }
        String key = ObjectKeys.of(headshotsId, index, extension);
        String type = ObjectKeys.mediaType(extension);
        Meter meter = new Meter(maxBytes);
        Multi<ByteBuffer> body = response.toMulti().map(meter::observe);
        Uni<Void> upload = declared >= 0
                ? store.put(key, type, declared, body.onCompletion().invoke(() -> meter.expect(declared)))
                : store.putParts(key, type, Parts.of(body, partSize));
        return upload
                .onTermination().invoke((done, failure, cancelled) -> {
                    if (failure != null || cancelled) {
                        discard(response);
                    }
                })
                .map(done -> new StoredObject(key, meter.bytes, meter.hex(), type));
    }

    /**
     * Drops a response whose body we do not want by resetting its stream, which closes the connection rather than reading an
     * unbounded error body. The reset itself is expected, so its exception is not reported.
     */
    private static void discard(HttpClientResponse response) {
        response.exceptionHandler(expected -> {
        });
        response.request().reset();
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
