package dev.headshots.ingest.config;

import java.util.Arrays;

import org.eclipse.microprofile.config.spi.Converter;

import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The values of {@code headshots.storage.server-side-encryption}, spelt as S3 spells them ({@code copy.Encryption} sends them).
 */
public enum EncryptionMode {

    NONE("none", null), AES256("AES256", ServerSideEncryption.AES256), AWS_KMS("aws:kms", ServerSideEncryption.AWS_KMS);

    private final String spelling;
    private final ServerSideEncryption header;

    EncryptionMode(String spelling, ServerSideEncryption header) {
        this.spelling = spelling;
        this.header = header;
    }

    /** Reads {@code none}, {@code AES256} or {@code aws:kms} (any case). */
    public static EncryptionMode of(String text) {
        return Arrays.stream(values()).filter(mode -> mode.spelling.equalsIgnoreCase(text.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "headshots.storage.server-side-encryption must be none, AES256 or aws:kms, not " + text));
    }

    /** The {@code x-amz-server-side-encryption} header's value; null for {@code none}. */
    public ServerSideEncryption header() {
        return header;
    }

    /** Reads an {@link EncryptionMode} from configuration. */
    public static class ModeConverter implements Converter<EncryptionMode> {

        @Override
        public EncryptionMode convert(String value) {
            return EncryptionMode.of(value);
        }
    }
}
