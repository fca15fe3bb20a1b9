package dev.headshots.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.security.WebhookSignature.Verdict;

/**
 * Properties of {@link WebhookSignature} over many generated inputs. Each run draws a new seed, named in every failure message;
 * {@code -Dwebhook.signature.seed=<seed>} replays a failing run.
 */
class WebhookSignaturePropertiesTest {

    private static final int TRIES = 1_000;
    private static final long NOW = WebhookSignatureTest.NOW;
    private static final long TOLERANCE = WebhookSignatureTest.TOLERANCE.toSeconds();
    private static final byte[] KEY = WebhookSignatureTest.NEW_KEY;

    private final long seed = Long.getLong("webhook.signature.seed", System.nanoTime());
    private final SplittableRandom random = new SplittableRandom(seed);
    private final WebhookSignature verifier = WebhookSignatureTest.verifier(WebhookSignatureTest.OLD_SECRET,
            WebhookSignatureTest.NEW_SECRET);

    @Test
    void whatIsSignedWithinTheToleranceVerifies() {
        for (int i = 0; i < TRIES; i++) {
            String id = text(1, WebhookSignature.MAX_ID_LENGTH);
            long timestamp = NOW + random.nextLong(-TOLERANCE, TOLERANCE + 1);
            byte[] body = bytes(0, 4096);

            String header = WebhookSignature.sign(KEY, id, timestamp, body);

            assertThat(verifier.verify(id, Long.toString(timestamp), header, body)).as(replay(i)).isEqualTo(Verdict.VALID);
        }
    }

    @Test
    void changingAnyOneByteOfTheBodyBreaksTheSignature() {
        for (int i = 0; i < TRIES; i++) {
            byte[] body = bytes(1, 4096);
            String header = WebhookSignature.sign(KEY, "msg_" + i, NOW, body);
            int at = random.nextInt(body.length);
            body[at] ^= (byte) random.nextInt(1, 256);

            assertThat(verifier.verify("msg_" + i, Long.toString(NOW), header, body)).as(replay(i))
                    .isEqualTo(Verdict.BAD_SIGNATURE);
        }
    }

    @Test
    void garbageHeadersAlwaysGetAVerdictAndNeverValid() {
        for (int i = 0; i < TRIES; i++) {
            String id = random.nextInt(10) == 0 ? null : garbage();
            String timestamp = random.nextBoolean() ? Long.toString(NOW + random.nextLong(-600, 600)) : garbage();
            String signatures = random.nextInt(10) == 0 ? null : garbageSignatures();

            Verdict verdict = verifier.verify(id, timestamp, signatures, bytes(0, 64));

            assertThat(verdict).as(replay(i) + ": " + id + " / " + timestamp + " / " + signatures).isNotNull()
                    .isNotEqualTo(Verdict.VALID);
        }
    }

    private String garbageSignatures() {
        StringBuilder header = new StringBuilder();
        int entries = random.nextInt(0, 24);
        for (int e = 0; e < entries; e++) {
            header.append(e == 0 ? "" : random.nextInt(8) == 0 ? "  " : " ");
            switch (random.nextInt(4)) {
                case 0 -> header.append("v1,").append(Base64.getEncoder().encodeToString(bytes(32, 32)));
                case 1 -> header.append("v1,").append(text(0, 60));
                case 2 -> header.append(text(0, 4)).append(',').append(text(0, 60));
                default -> header.append(garbage());
            }
        }
        return header.toString();
    }

    /** Mostly short strings from an alphabet rich in separators, sometimes far longer than any cap. */
    private String garbage() {
        return random.nextInt(20) == 0 ? text(3_000, 10_000) : text(0, 40);
    }

    private String text(int minLength, int maxLength) {
        String alphabet = "v1,. =+/-0123456789azAZ_\t\r\n\u0000é漢😀";
        int length = random.nextInt(minLength, maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(random.nextInt(4) == 0
                    ? (char) random.nextInt(0, 0x10000)
                    : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.substring(0, length);
    }

    private byte[] bytes(int minLength, int maxLength) {
        byte[] bytes = new byte[random.nextInt(minLength, maxLength + 1)];
        for (int b = 0; b < bytes.length; b++) {
            bytes[b] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private String replay(int i) {
        return "try " + i + ", replay with -Dwebhook.signature.seed=" + seed;
    }
}
