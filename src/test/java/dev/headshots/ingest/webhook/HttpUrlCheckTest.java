package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link HttpUrlCheck}'s single pass must never accept what {@link java.net.URI} refuses: over many generated near-URLs, a
 * string in the fast path's shape always parses as an absolute http(s) URL with a host, and the check's answer is always the
 * slow path's. Each run draws a new seed, named in every failure message; {@code -Dhttp.url.seed=<seed>} replays a failing run.
 */
class HttpUrlCheckTest {

    private static final int TRIES = 200_000;
    private static final String[] SCHEMES = {"https://", "http://", "HTTPS://", "Http://", "ftp://", "https:/", "https:", ""};
    private static final String[] HOSTS = {"cdn.runflow.io", "a", "a-b.example.com", "-a.com", "a-.com", "1.2.3.4",
            "1.2.3", "x.1a", "x.a1", "[::1]", "user@host.io", "user:pw@host.io", "host.io.", "a..b", "my_host.io", "",
            "exämple.com", "host.io:", "host.io:443", "host.io:65536", "host.io:1234567", "host.io:99999999999", "h%41.io"};
    /** Characters a URL may or may not hold, weighted towards the ones presigned URLs are made of. */
    private static final String CHARS = "abcXYZ0189-._~!$&'()*+,;=:@/?%%%#[]{}|\\^`\"<> \t\u007f\u00e9AFaf";

    private final long seed = Long.getLong("http.url.seed", System.nanoTime());
    private final SplittableRandom random = new SplittableRandom(seed);

    @Test
    void presignedUrlsTakeTheFastPath() {
        for (String url : new String[]{
                "https://cdn.runflow.io/headshots/a1b2c3d4/out_001.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Credential=AKIA%2F20261127%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261127T120000Z"
                        + "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=0f001",
                "https://storage.googleapis.com/bucket/o.png?X-Goog-Date=20261127T120000Z&X-Goog-Expires=3600",
                "http://localhost:8111/img/x/1.jpg", "https://d111111abcdef8.cloudfront.net/a.jpg?Expires=1&Key-Pair-Id=K"}) {
            assertThat(HttpUrlCheck.isPresignedShape(url)).as(url).isTrue();
            assertThat(HttpUrlCheck.parsesAsHttp(url)).as(url).isTrue();
        }
    }

    @Test
    void theFastPathAcceptsNothingThatUriRefuses() {
        int fast = 0;
        for (int i = 0; i < TRIES; i++) {
            String url = nearUrl();
            boolean slow = HttpUrlCheck.parsesAsHttp(url);
            if (HttpUrlCheck.isPresignedShape(url)) {
                fast++;
                assertThat(slow).as("seed %d, try %d: %s", seed, i, url).isTrue();
            }
            assertThat(HttpUrlCheck.isHttpUrl(url, 2048)).as("seed %d, try %d: %s", seed, i, url).isEqualTo(slow);
        }
        assertThat(fast).as("seed %d: strings in the fast path's shape", seed).isGreaterThan(TRIES / 50);
    }

    @Test
    void lengthIsCappedWhicheverPathDecides() {
        String url = "https://cdn.runflow.io/" + "a".repeat(100);
        assertThat(HttpUrlCheck.isHttpUrl(url, url.length())).isTrue();
        assertThat(HttpUrlCheck.isHttpUrl(url, url.length() - 1)).isFalse();
        assertThat(HttpUrlCheck.isHttpUrl("", 10)).isFalse();
    }

    private String nearUrl() {
        StringBuilder url = new StringBuilder(SCHEMES[random.nextInt(SCHEMES.length)])
                .append(HOSTS[random.nextInt(HOSTS.length)]);
        int length = random.nextInt(0, 40);
        boolean clean = random.nextInt(3) > 0;
        for (int i = 0; i < length; i++) {
            if (clean && random.nextInt(8) > 0) {
                url.append((char) ('a' + random.nextInt(26)));
            } else {
                url.append(CHARS.charAt(random.nextInt(CHARS.length())));
            }
        }
        if (random.nextInt(4) == 0) {
            int at = random.nextInt(url.length() + 1);
            url.insert(at, random.nextBoolean() ? "/" : "?");
        }
        return url.toString();
    }
}
