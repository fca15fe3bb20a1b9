package dev.headshots.ingest.copy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.egress.HostResolver;
import dev.headshots.ingest.support.Bucket;
import dev.headshots.ingest.support.Callbacks;
import dev.headshots.ingest.support.Database;
import dev.headshots.ingest.support.ImageOrigin;
import dev.headshots.ingest.support.ImageOrigin.Fault;
import dev.headshots.ingest.support.InjectOrigin;
import dev.headshots.ingest.support.Jobs;
import dev.headshots.ingest.support.LocalStackResource;
import dev.headshots.ingest.support.ResolverScript;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The downloader's defences through the whole pipeline, as recorded on each image: bytes that are not an image, a redirect, a
 * name that resolves to the cloud metadata address; and the secrets hygiene around it: source URLs deleted from Postgres once
 * no longer needed, and no presigned query string in any metric.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class DownloadDefencesTest {

    private static final byte[] HTML = "<!doctype html><html><body>AccessDenied</body></html>".getBytes();

    @InjectOrigin
    ImageOrigin origin;

    @Test
    void bodiesThatAreNotImagesFailAsNotAnImageAndLeaveNothingInTheBucket() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 1, Fault.body(HTML, false));
        origin.fault(tag, 2, Fault.body(HTML, true));
        origin.fault(tag, 3, Fault.body(new byte[0], false));

        Callbacks.accept(id, origin.urls(tag, 4));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("PARTIAL");
        for (int index = 1; index <= 3; index++) {
            String image = "images[" + (index - 1) + "].";
            assertThat(job.getString(image + "error")).isEqualTo("NOT_AN_IMAGE");
            assertThat(job.getString(image + "error_detail")).doesNotContain("http");
            assertThat(job.getInt(image + "attempts")).isEqualTo(1);
            assertThat(origin.hits(tag, index)).isEqualTo(1);
            for (String extension : List.of("jpg", "png", "webp")) {
                String key = "%s/%03d.%s".formatted(id, index, extension);
                assertThat(Bucket.exists(key)).as("object %s", key).isFalse();
            }
        }
        assertThat(Bucket.openUploads(id + "/")).isZero();
        assertThat(job.getString("images[3].status")).isEqualTo("STORED");
    }

    @Test
    void theFirstBytesDecideTheFormatWhateverTheMediaTypeSays() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        byte[] png = png();
        origin.fault(tag, 1, Fault.body(png, false));

        Callbacks.accept(id, origin.urls(tag, 1));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        assertThat(job.getString("images[0].key")).isEqualTo(id + "/001.png");
        assertThat(job.getString("images[0].content_type")).isEqualTo("image/png");
        assertThat(Bucket.read(id + "/001.png")).isEqualTo(png);
    }

    @Test
    void aRedirectFailsTheImageAndItsTargetIsNeverFetched() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 1, Fault.redirect(302, "/img/" + tag + "/2.jpg"));

        Callbacks.accept(id, List.of(origin.url(tag, 1)));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("FAILED");
        assertThat(job.getString("images[0].error")).isEqualTo("REDIRECT");
        assertThat(job.getInt("images[0].attempts")).isEqualTo(1);
        assertThat(origin.hits(tag, 1)).isEqualTo(1);
        assertThat(origin.hits(tag, 2)).isZero();
    }

    /**
     * An allowed name that resolves to the metadata service, in IPv4, IPv4-mapped IPv6 or as 0.0.0.0 (which Linux connects to
     * loopback): refused for good even with {@code allow-private-networks}, and the origin behind the name sees nothing.
     */
    @Test
    void aNameThatResolvesToAForbiddenAddressIsNeverFetched() {
        ResolverScript resolver = new ResolverScript()
                .answer("localhost", "169.254.169.254")
                .answer("localhost", ResolverScript.ipv4Mapped("169.254.169.254"))
                .answer("localhost", "0.0.0.0");
        QuarkusMock.installMockForType(resolver, HostResolver.class);
        UUID id = UUID.randomUUID();
        String tag = id.toString();

        Callbacks.accept(id, origin.urls(tag, 3));

        JsonPath job = Jobs.awaitTerminal(id);
        assertThat(job.getString("status")).isEqualTo("FAILED");
        assertThat(job.getList("images.error")).containsOnly("BLOCKED_ADDRESS");
        assertThat(job.getList("images.attempts")).containsOnly(1);
        assertThat(job.getList("images.error_detail", String.class)).allSatisfy(
                detail -> assertThat(detail).startsWith("host resolves to a ").doesNotContain("169.254"));
        assertThat(origin.hits(tag)).isZero();
        assertThat(resolver.lookups("localhost")).isGreaterThanOrEqualTo(3);
    }

    /**
     * A stored image's URL is deleted at once. An unfinished image keeps its URL, for its retries and for a redelivered
     * callback; a FAILED one keeps it until the URL's own deadline, for a replay, and then the retry worker's housekeeping
     * deletes it.
     */
    @Test
    void sourceUrlsAreDeletedOnceTheyAreNoLongerNeeded() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        CountDownLatch release = new CountDownLatch(1);
        origin.fault(tag, 2, Fault.held(release));
        origin.fault(tag, 3, Fault.always(404));
        origin.fault(tag, 4, Fault.always(404));
        List<String> urls = List.of(origin.url(tag, 1), origin.url(tag, 2), origin.url(tag, 3),
                origin.url(tag, 4, Instant.now(), Duration.ofSeconds(4)));
        try {
            Callbacks.accept(id, urls);

            await().atMost(Duration.ofSeconds(30)).until(() -> count(id, "status = 'STORED'") == 1
                    && count(id, "status = 'FAILED'") == 2 && origin.hits(tag, 2) == 1);
            assertThat(count(id, "idx = 1 AND source_url IS NULL")).isEqualTo(1);
            assertThat(count(id, "idx = 2 AND status = 'COPYING' AND source_url = ?", origin.url(tag, 2))).isEqualTo(1);
        } finally {
            release.countDown();
        }

        assertThat(Jobs.awaitTerminal(id).getString("status")).isEqualTo("PARTIAL");
        assertThat(count(id, "source_url IS NOT NULL AND status = 'STORED'")).isZero();
        assertThat(count(id, "idx = 3 AND source_url = ?", origin.url(tag, 3))).as("kept for a replay").isEqualTo(1);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> count(id, "idx = 4 AND source_url IS NULL") == 1);
        assertThat(count(id, "idx = 3 AND source_url IS NOT NULL")).isEqualTo(1);
        assertThat(count(id, "true")).isEqualTo(4);
    }

    @Test
    void noMetricCarriesAPresignedQueryString() {
        UUID id = UUID.randomUUID();
        String tag = id.toString();
        origin.fault(tag, 2, Fault.always(404));
        Callbacks.accept(id, origin.urls(tag, 2));
        Jobs.awaitTerminal(id);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).contains("headshots_images_stored_total")
                .doesNotContain("X-Amz-Signature", "X-Amz-Expires", "secret1", tag);
    }

    private static long count(UUID id, String condition, Object... parameters) {
        Object[] all = new Object[parameters.length + 1];
        all[0] = id;
        System.arraycopy(parameters, 0, all, 1, parameters.length);
        return Database.queryLong("SELECT count(*) FROM headshot_image WHERE headshots_id = ? AND " + condition, all);
    }

    private static byte[] png() {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xff8800);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
