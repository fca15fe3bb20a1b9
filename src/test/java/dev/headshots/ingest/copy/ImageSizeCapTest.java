package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * {@code headshots.download.max-image-bytes} holds whether the origin declares the size or not: an image over it fails for good
 * as {@code TOO_LARGE}, is not retried, and leaves nothing in the bucket, not even an unfinished upload.
 */
@QuarkusTest
@TestProfile(ImageSizeCapTest.OneMegabyteCap.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ImageSizeCapTest {

    private static final int OVER_CAP = 6 * 1024 * 1024;

    @InjectOrigin
    ImageOrigin origin;

    @Test
    void imagesOverTheCapFailWithoutLeavingAnythingInTheBucket() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 1, Fault.sized(OVER_CAP));
        origin.fault(tag, 2, Fault.chunked(OVER_CAP));

        Callbacks.accept(id, List.of(origin.url(tag, 1), origin.url(tag, 2), origin.url(tag, 3)));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("PARTIAL");
        for (int index = 1; index <= 2; index++) {
            String key = "%s/%03d.jpg".formatted(id, index);
            assertThat(job.getString("images[" + (index - 1) + "].error")).isEqualTo("TOO_LARGE");
            assertThat(job.getString("images[" + (index - 1) + "].status")).as("not retried once too large")
                    .isEqualTo("FAILED");
            // one fetch per attempt; an upload the local S3Proxy dropped under load is one more attempt, before TOO_LARGE
            assertThat(origin.hits(tag, index)).isEqualTo(job.getInt("images[" + (index - 1) + "].attempts"));
            assertThat(Bucket.exists(key)).as("object %s", key).isFalse();
            assertThat(Bucket.openUploads(key)).as("unfinished uploads of %s", key).isZero();
        }
        assertThat(job.getString("images[2].status")).isEqualTo("STORED");
        assertThat(Bucket.exists(id + "/003.jpg")).isTrue();
    }

    public static class OneMegabyteCap implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("headshots.download.max-image-bytes", "1M");
        }
    }
}
