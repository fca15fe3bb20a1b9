package dev.headshots.ingest.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Callback bodies as Runflow sends them: a fresh {@code headshots_id} each time and its image URLs, presigned-style (an S3 V4
 * query string with a signature of its own per URL), about 320 bytes each, so 60 URLs make a body of about 19 KB. Not
 * thread-safe: one instance per sending thread.
 */
final class CallbackBodies {

    static final String COMPLETED = "headshots.completed";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SIGNED_AT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final SplittableRandom random;
    /**
     * Signed when the bodies are made, valid for a day, as Runflow's are: the service takes an image's deadline from its URL,
     * so a fixed date would expire every image once the calendar passed it.
     */
    private final String query;

    CallbackBodies(long seed) {
        this.random = new SplittableRandom(seed);
        Instant now = Instant.now();
        this.query = "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIARUNFLOWCDN7EXAMPLE%2F" + DAY.format(now)
                + "%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=" + SIGNED_AT.format(now)
                + "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=";
    }

    /** A random (version 4) UUID, cheaper than {@link UUID#randomUUID()}'s SecureRandom. */
    UUID nextId() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** A body for a new job whose {@code count} images are on Runflow's CDN (a host the benchmark service refuses). */
    byte[] cdn(String event, int count) {
        return cdn(event, nextId(), count);
    }

    /** A body for job {@code id} whose {@code count} images are on Runflow's CDN, the id in every URL's path. */
    byte[] cdn(String event, UUID id, int count) {
        return body(event, id, count, n -> "https://cdn.runflow.io/headshots/" + id + "/out_" + index(n) + ".jpg");
    }

    /** A completed callback for {@code id} whose images are {@code url.apply(n)}, n from 1. */
    byte[] body(String event, UUID id, int count, IntFunction<String> url) {
        StringBuilder json = new StringBuilder(200 + count * 330);
        json.append("{\"event\":\"").append(event).append("\",\"headshots_id\":\"").append(id)
                .append("\",\"image_urls\":[");
        for (int n = 1; n <= count; n++) {
            json.append(n == 1 ? "\"" : ",\"").append(url.apply(n)).append(query);
            for (int i = 0; i < 64; i++) {
                json.append(HEX[random.nextInt(16)]);
            }
            json.append('"');
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The same body as text, for the clients that send strings. */
    String text(UUID id, List<String> urls) {
        return new String(body(COMPLETED, id, urls.size(), n -> urls.get(n - 1)), StandardCharsets.UTF_8);
    }

    static String index(int n) {
        return String.format("%03d", n);
    }
}
