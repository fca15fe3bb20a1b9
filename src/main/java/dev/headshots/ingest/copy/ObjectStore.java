package dev.headshots.ingest.copy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.config.StorageConfig;
import dev.headshots.ingest.ops.BucketProbe;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Our bucket. Uploads stream the body straight from the download with its declared length; nothing is staged on disk or held
 * whole in memory. Keys are deterministic, so an upload repeated after a failure replaces its own earlier attempt.
 */
@ApplicationScoped
public class ObjectStore implements BucketProbe {

    private final S3AsyncClient s3;
    private final Encryption encryption;
    private final String bucket;

    public ObjectStore(S3AsyncClient s3, Encryption encryption, StorageConfig config) {
        this.s3 = s3;
        this.encryption = encryption;
        this.bucket = config.bucket();
    }

    /** The installation's bucket, {@code headshots.storage.bucket}. */
    public String bucket() {
        return bucket;
    }

    /** {@code bucket}, or the installation's when it is null. */
    public String bucketOr(String bucket) {
        return bucket == null ? this.bucket : bucket;
    }

    /** Streams {@code length} bytes from {@code body} into {@code key} of {@code bucket}. */
    public Uni<Void> put(String bucket, String key, String contentType, long length, Flow.Publisher<ByteBuffer> body) {
        PutObjectRequest request = encryption.on(PutObjectRequest.builder())
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .contentLength(length)
                .build();
        return Uni.createFrom()
                .completionStage(() -> s3.putObject(request, new StreamedBody(body, length, contentType)))
                .replaceWithVoid();
    }

    /**
     * Streams a body whose length is not known in advance as a multipart upload, one part at a time: the next part is not read
     * until the previous one is stored. A failed upload is aborted, so no parts are left behind.
     */
    public Uni<Void> putParts(String bucket, String key, String contentType, Multi<byte[]> parts) {
        return Uni.createFrom()
                .completionStage(() -> s3.createMultipartUpload(encryption.on(CreateMultipartUploadRequest.builder())
                        .bucket(bucket).key(key).contentType(contentType).build()))
                .map(CreateMultipartUploadResponse::uploadId)
                .chain(uploadId -> uploadParts(bucket, key, uploadId, parts)
                        .chain(completed -> complete(bucket, key, uploadId, completed))
                        .onFailure().call(() -> abort(bucket, key, uploadId)));
    }

    private Uni<List<CompletedPart>> uploadParts(String bucket, String key, String uploadId, Multi<byte[]> parts) {
        AtomicInteger number = new AtomicInteger();
        return parts.onItem().transformToUniAndConcatenate(part -> {
            int partNumber = number.incrementAndGet();
            UploadPartRequest request = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(partNumber).contentLength((long) part.length).build();
            return Uni.createFrom().completionStage(() -> s3.uploadPart(request, AsyncRequestBody.fromBytesUnsafe(part)))
                    .map(uploaded -> CompletedPart.builder().partNumber(partNumber).eTag(uploaded.eTag()).build());
        }).collect().asList();
    }

    private Uni<Void> complete(String bucket, String key, String uploadId, List<CompletedPart> parts) {
        return Uni.createFrom().completionStage(() -> s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder()
                .bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build()))
                .replaceWithVoid();
    }

    private Uni<Void> abort(String bucket, String key, String uploadId) {
        return Uni.createFrom().completionStage(() -> s3.abortMultipartUpload(AbortMultipartUploadRequest.builder()
                .bucket(bucket).key(key).uploadId(uploadId).build()))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    /** Uploads the file at {@code path} into {@code key}, read asynchronously by the SDK. */
    public Uni<Void> putFile(String key, String contentType, Path path) {
        PutObjectRequest request = encryption.on(PutObjectRequest.builder()).bucket(bucket).key(key).contentType(contentType)
                .build();
        return Uni.createFrom()
                .completionStage(() -> s3.putObject(request, AsyncRequestBody.fromFile(path)))
                .replaceWithVoid();
    }

    /**
     * Deletes {@code keys}, one request after the other (they are few: the photos of one submission); a key that does not exist
     * is not an error.
     */
    public Uni<Void> delete(List<String> keys) {
        return delete(bucket, keys);
    }

    /** Deletes {@code keys} of {@code bucket}, one request after the other; a key that does not exist is not an error. */
    public Uni<Void> delete(String bucket, List<String> keys) {
        return Multi.createFrom().iterable(keys)
                .onItem().transformToUniAndConcatenate(key -> Uni.createFrom()
                        .completionStage(() -> s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key).build())))
                .collect().last()
                .replaceWithVoid();
    }

    /** Completes when the bucket exists and our credentials reach it. */
    @Override
    public Uni<Void> checkBucket() {
        return Uni.createFrom()
                .completionStage(() -> s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build()))
                .replaceWithVoid();
    }
}
