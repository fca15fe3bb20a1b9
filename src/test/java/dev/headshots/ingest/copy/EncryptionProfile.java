package dev.headshots.ingest.copy;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Uploads encrypted with {@code aws:kms} under a named key, and every upload request recorded by {@link UploadRecorder}. */
public class EncryptionProfile implements QuarkusTestProfile {

    static final String KEY = "alias/headshots-test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "headshots.storage.server-side-encryption", "aws:kms",
                "headshots.storage.kms-key-id", KEY,
                "quarkus.s3.interceptors", UploadRecorder.class.getName());
    }
}
