package dev.headshots.ingest.copy;

import java.util.Arrays;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.spi.Converter;

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

    /** The values of {@code headshots.storage.server-side-encryption}, spelt as S3 spells them. */
    public enum Mode {

        NONE("none", null), AES256("AES256", ServerSideEncryption.AES256), AWS_KMS("aws:kms", ServerSideEncryption.AWS_KMS);

        private final String spelling;
        private final ServerSideEncryption header;

        Mode(String spelling, ServerSideEncryption header) {
            this.spelling = spelling;
            this.header = header;
        }

        /** Reads {@code none}, {@code AES256} or {@code aws:kms} (any case). */
        public static Mode of(String text) {
            return Arrays.stream(values()).filter(mode -> mode.spelling.equalsIgnoreCase(text.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "headshots.storage.server-side-encryption must be none, AES256 or aws:kms, not " + text));
        }
    }

    /** Reads a {@link Mode} from configuration. */
    public static class ModeConverter implements Converter<Mode> {

        @Override
        public Mode convert(String value) {
            return Mode.of(value);
        }
    }

    private final ServerSideEncryption header;
    private final String kmsKeyId;

    public Encryption(StorageConfig config) {
        this.header = config.serverSideEncryption().header;
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
