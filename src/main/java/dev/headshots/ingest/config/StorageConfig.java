package dev.headshots.ingest.config;

import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/** Settings of our own object storage, under {@code headshots.storage}. */
@ConfigMapping(prefix = "headshots.storage")
public interface StorageConfig {

    /** Bucket that receives the images, under {@code <headshots_id>/<NNN>.<ext>}. */
    @WithDefault("headshots")
    String bucket();

    /** Part size of the multipart uploads used for images sent without a Content-Length; S3's minimum is 5M. */
    @WithDefault("5M")
    MemorySize partSize();

    /** Encryption at rest asked of the bucket on every upload: {@code none}, {@code AES256} or {@code aws:kms}. */
    @WithDefault("none")
    @WithConverter(EncryptionMode.ModeConverter.class)
    EncryptionMode serverSideEncryption();

    /** KMS key (id, ARN or alias) used with {@code aws:kms}; empty (the default), the account's AWS-managed key for S3. */
    @WithDefault("")
    Optional<String> kmsKeyId();
}
