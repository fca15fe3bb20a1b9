package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.config.EncryptionMode;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code headshots.storage.server-side-encryption}: every request that creates an object carries the encryption headers, single
 * uploads and multipart uploads (an image without a Content-Length) alike. S3Proxy has no KMS, so the headers are checked on
 * the HTTP requests the SDK sends ({@link UploadRecorder}), not on the stored objects.
 */
@QuarkusTest
@TestProfile(EncryptionProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class EncryptionAtRestTest {

    @InjectOrigin
    ImageOrigin origin;

    @Test
    void everyUploadOfAJobAsksForKmsEncryptionWithTheConfiguredKey() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 3, Fault.chunked());
        Callbacks.accept(id, origin.urls(tag, 3));
        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("COMPLETED");

        List<UploadRecorder.Upload> uploads = UploadRecorder.UPLOADS.stream()
                .filter(upload -> upload.key().startsWith(id + "/")).toList();
        assertThat(uploads).extracting(UploadRecorder.Upload::operation)
                .containsExactlyInAnyOrder("PutObject", "PutObject", "CreateMultipartUpload");
        assertThat(uploads).allSatisfy(upload -> {
            assertThat(upload.encryption()).as("%s of %s", upload.operation(), upload.key()).isEqualTo("aws:kms");
            assertThat(upload.kmsKeyId()).as("%s of %s", upload.operation(), upload.key()).isEqualTo(EncryptionProfile.KEY);
        });
    }

    @Test
    void theSettingReadsS3sSpellings() {
        assertThat(EncryptionMode.of("none")).isEqualTo(EncryptionMode.NONE);
        assertThat(EncryptionMode.of("AES256")).isEqualTo(EncryptionMode.AES256);
        assertThat(EncryptionMode.of("aws:kms")).isEqualTo(EncryptionMode.AWS_KMS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EncryptionMode.of("kms"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
