package dev.headshots.ingest.tenant;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.copy.Encryption;
import dev.headshots.ingest.problem.Problem.Violation;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Proves that the service can write where a tenant's objects would go, before the tenant is saved: it puts an empty object
 * under the tenant's key prefix, encrypted as every upload is ({@link Encryption}), and deletes it again. Any failure is a 422
 * that names the bucket (never the credentials).
 */
@ApplicationScoped
public class BucketAccess {

    private final S3AsyncClient s3;
    private final Encryption encryption;

    public BucketAccess(S3AsyncClient s3, Encryption encryption) {
        this.s3 = s3;
        this.encryption = encryption;
    }

    /** Completes when an object can be written to and deleted from {@code bucket} under {@code prefix}. */
    public Uni<Void> requireWritable(String bucket, String prefix) {
        String key = prefix + ".headshots-write-check-" + UUID.randomUUID();
        return Uni.createFrom()
                .completionStage(() -> s3.putObject(
                        encryption.on(PutObjectRequest.builder()).bucket(bucket).key(key).contentLength(0L).build(),
                        AsyncRequestBody.empty()))
                .chain(() -> Uni.createFrom().completionStage(() -> s3.deleteObject(delete -> delete.bucket(bucket).key(key))))
                .replaceWithVoid()
                .onFailure().transform(failure -> new ProblemException(ProblemKind.VALIDATION_FAILED,
                        "The service cannot write to bucket " + bucket + ".",
                        List.of(new Violation("/bucket", "bucket " + bucket + " is not writable by this service")), null));
    }
}
