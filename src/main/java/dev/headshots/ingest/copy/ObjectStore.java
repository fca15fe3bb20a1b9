package dev.headshots.ingest.copy;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Flow;

import jakarta.enterprise.context.ApplicationScoped;

import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Subscriber;

import dev.headshots.ingest.config.IngestConfig;
import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Our bucket. Uploads stream the body straight from the download with its declared length; nothing is staged on disk or held
 * whole in memory. Keys are deterministic, so an upload repeated after a failure replaces its own earlier attempt.
 */
@ApplicationScoped
public class ObjectStore {

    private final S3AsyncClient s3;
    private final String bucket;

    public ObjectStore(S3AsyncClient s3, IngestConfig config) {
        this.s3 = s3;
        this.bucket = config.storage().bucket();
    }

    public String bucket() {
        return bucket;
    }

    /** Streams {@code length} bytes from {@code body} into {@code key}. */
    public Uni<Void> put(String key, String contentType, long length, Flow.Publisher<ByteBuffer> body) {
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .contentLength(length)
                .build();
        return Uni.createFrom()
                .completionStage(() -> s3.putObject(request, new StreamedBody(body, length, contentType)))
                .replaceWithVoid();
    }

    /** Completes when the bucket exists and our credentials reach it. */
    public Uni<Void> checkBucket() {
        return Uni.createFrom()
                .completionStage(() -> s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build()))
                .replaceWithVoid();
    }

    private record StreamedBody(Flow.Publisher<ByteBuffer> source, long length, String type) implements AsyncRequestBody {

        @Override
        public Optional<Long> contentLength() {
            return Optional.of(length);
        }

        @Override
        public String contentType() {
            return type;
        }

        @Override
        public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
            FlowAdapters.toPublisher(source).subscribe(subscriber);
        }
    }
}
