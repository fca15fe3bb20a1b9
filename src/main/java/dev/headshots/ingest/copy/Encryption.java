package dev.headshots.ingest.copy;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.config.StorageConfig;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Encryption at rest, asked of the bucket on every request that creates an object ({@code PutObject} and
 * {@code CreateMultipartUpload}; the parts of an upload inherit it): {@code headshots.storage.server-side-encryption} is sent
 * as {@code x-amz-server-side-encryption}, and with {@code aws:kms} the key {@code headshots.storage.kms-key-id} (when set) as
 * {@code x-amz-server-side-encryption-aws-kms-key-id}. With {@code none} nothing is sent, and the bucket's default encryption
 * applies.
 */
@ApplicationScoped
public class Encryption {

    private final ServerSideEncryption header;
    private final String kmsKeyId;

    public Encryption(StorageConfig config) {
        this.header = config.serverSideEncryption().header();
        Optional<String> key = config.kmsKeyId();
        this.kmsKeyId = header == ServerSideEncryption.AWS_KMS ? key.orElse(null) : null;
    }

    public PutObjectRequest.Builder on(PutObjectRequest.Builder request) {
        return request.serverSideEncryption(header).ssekmsKeyId(kmsKeyId);
    }

    public CreateMultipartUploadRequest.Builder on(CreateMultipartUploadRequest.Builder request) {
        return request.serverSideEncryption(header).ssekmsKeyId(kmsKeyId);
    }
}
