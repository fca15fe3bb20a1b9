package dev.headshots.ingest.copy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.config.StorageConfig;
import dev.headshots.ingest.security.Redaction;
import dev.headshots.ingest.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
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
 * <p>
 * Spans, children of the attempt's: {@code GET} from the request to the end of the body (the URL redacted: its query is a
 * credential), and {@code PUT} for the upload into the bucket. Streaming makes them overlap.
 */
@ApplicationScoped
public class ImageTransfer {

    private final ImageSource source;
    private final ObjectStore store;
    private final long maxBytes;
    private final int partSize;
    private final Tracing tracing;

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    static final AttributeKey<String> BUCKET = AttributeKey.stringKey("aws.s3.bucket");
    static final AttributeKey<String> KEY = AttributeKey.stringKey("aws.s3.key");

    public ImageTransfer(ImageSource source, ObjectStore store, DownloadConfig download, StorageConfig storage,
            Tracing tracing) {
        this.source = source;
        this.store = store;
        this.tracing = tracing;
        this.maxBytes = download.maxImageBytes().asLongValue();
        this.partSize = (int) storage.partSize().asLongValue();
    }

    /** Copies the image at {@code url} as image {@code index} of job {@code headshotsId}, to where {@code to} says. */
    public Uni<StoredObject> copy(Destination to, UUID headshotsId, int index, String url, Context parent) {
        Span get = tracing.start("GET", SpanKind.CLIENT, parent, Attributes.of(METHOD, "GET", URL, Redaction.url(url)));
        return source.open(url)
                .invoke(response -> get.setAttribute(STATUS, (long) response.statusCode()))
                .chain(response -> store(to, headshotsId, index, response, parent, get))
                .onTermination().invoke((stored, failure, cancelled) -> Tracing.end(get, failure));
    }

    private Uni<StoredObject> store(Destination to, UUID headshotsId, int index, HttpClientResponse response, Context parent,
            Span get) {
        CopyFailure refused = refusal(response);
        if (refused != null) {
            ImageSource.discard(response);
            return Uni.createFrom().failure(refused);
        }
        long declared = declaredLength(response.getHeader("Content-Length"));
        return BodySniffer.sniff(response.toMulti())
                .chain(sniffed -> upload(to, headshotsId, index, declared, sniffed, parent, get))
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

    /** Deletes an object this transfer stored for {@code to} that nobody wants any more (its job was erased meanwhile). */
    public Uni<Void> discard(Destination to, StoredObject object) {
        return store.delete(store.bucketOr(to.bucket()), List.of(object.key()));
    }

    private Uni<StoredObject> upload(Destination to, UUID headshotsId, int index, long declared, BodySniffer.Sniffed sniffed,
            Context parent, Span get) {
        ImageFormat format = sniffed.format().orElseThrow(() -> CopyFailure.permanent(CopyFailure.Reason.NOT_AN_IMAGE,
                "the first bytes are not those of a JPEG, PNG or WebP image"));
        String key = ObjectKeys.of(to.keyPrefix(), headshotsId, index, format.extension());
        String bucket = store.bucketOr(to.bucket());
        Meter meter = new Meter(maxBytes);
        Multi<ByteBuffer> body = sniffed.body().map(meter::observe)
                .onTermination().invoke((failure, cancelled) -> Tracing.end(get, failure));
        Attributes put = Attributes.of(RPC_SYSTEM, "aws-api", RPC_SERVICE, "S3", RPC_METHOD,
                declared >= 0 ? "PutObject" : "MultipartUpload", BUCKET, bucket, KEY, key);
        return tracing.span("PUT", SpanKind.CLIENT, parent, put, span -> declared >= 0
                ? store.put(bucket, key, format.mediaType(), declared,
                        body.onCompletion().invoke(() -> meter.expect(declared)))
                : store.putParts(bucket, key, format.mediaType(), Parts.of(body, partSize)))
                .map(done -> new StoredObject(key, meter.bytes, meter.hex(), format.mediaType()));
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
