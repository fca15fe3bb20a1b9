package dev.headshots.ingest.lifecycle;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Removes from a bucket everything under one prefix (a job's {@code <key_prefix><headshots_id>/}): multipart uploads still open
 * first, so that a copy in flight can neither complete nor add parts, then every object, page after page (a job has at most
 * 60). Yields how many uploads and objects it removed: none means nothing was there. Deleting what is already gone is not an
 * error, so two instances sweeping the same prefix do no harm.
 */
@ApplicationScoped
public class PrefixSweep {

    private static final int CONCURRENCY = 4;

    private final S3AsyncClient s3;

    public PrefixSweep(S3AsyncClient s3) {
        this.s3 = s3;
    }

    /** Removes every open upload and object under {@code prefix} of {@code bucket}; yields how many. */
    public Uni<Integer> sweep(String bucket, String prefix) {
        return abortUploads(bucket, prefix)
                .chain(aborted -> deleteObjects(bucket, prefix).map(deleted -> aborted + deleted));
    }

    private Uni<Integer> abortUploads(String bucket, String prefix) {
        return Uni.createFrom()
                .completionStage(() -> s3.listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(bucket)
                        .prefix(prefix).build()))
                .chain(page -> Multi.createFrom().iterable(page.uploads())
                        .onItem().transformToUni((MultipartUpload upload) -> Uni.createFrom()
                                .completionStage(() -> s3.abortMultipartUpload(AbortMultipartUploadRequest.builder()
                                        .bucket(bucket).key(upload.key()).uploadId(upload.uploadId()).build())))
                        .merge(CONCURRENCY)
                        .collect().asList()
                        .map(List::size));
    }

    private Uni<Integer> deleteObjects(String bucket, String prefix) {
        return Multi.createBy().repeating()
                .uni(() -> Uni.createFrom().completionStage(() -> s3.listObjectsV2(ListObjectsV2Request.builder()
                        .bucket(bucket).prefix(prefix).build()))
                        .chain(page -> delete(bucket, page.contents().stream().map(S3Object::key).toList())))
                .whilst(deleted -> deleted > 0)
                .collect().asList()
                .map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }

    private Uni<Integer> delete(String bucket, List<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(keys)
                .onItem().transformToUni(key -> Uni.createFrom().completionStage(() -> s3.deleteObject(
                        DeleteObjectRequest.builder().bucket(bucket).key(key).build())))
                .merge(CONCURRENCY)
                .collect().asList()
                .map(List::size);
    }
}
