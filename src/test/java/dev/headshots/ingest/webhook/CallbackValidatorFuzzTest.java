package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.support.TestConfig;

/**
 * {@link CallbackValidator} over many randomly mutated bodies: whatever the bytes, it either returns a callback that keeps
 * every rule, or throws a {@link ProblemException} of a 4xx kind, never anything else. Each run draws a new seed, named in
 * every failure message; {@code -Dcallback.validator.seed=<seed>} replays a failing run.
 */
class CallbackValidatorFuzzTest {

    private static final int TRIES = 20_000;
    private static final List<String> FRAGMENTS = List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800",
            "null", "true", "1e999999", "-0", "NaN", "\"event\"", "\"headshots_id\"", "\"image_urls\"",
            "\"headshots.completed\"", "\"https://cdn.runflow.io/x.jpg\"", "[[[[[[[[[[[[[[[[[[", "]]]]]]]]", "\u00e9",
            "\ud83d\ude00", "\u0001", "\n", " ", "/*", "'", "\uFEFF");

    private final long seed = Long.getLong("callback.validator.seed", System.nanoTime());
    private final SplittableRandom random = new SplittableRandom(seed);
    private final CallbackValidator validator = new CallbackValidator(TestConfig.defaults().webhook(),
            java.time.Clock.systemUTC());

    @Test
    void mutatedBodiesAreAcceptedOnlyWhenValidAndOtherwiseRefusedWithA4xxProblem() throws IOException {
        byte[] recorded = recorded();
        byte[] small = ("{\"event\":\"headshots.completed\",\"headshots_id\":\"" + UUID.randomUUID()
                + "\",\"image_urls\":[\"https://cdn.runflow.io/a.jpg\",\"http://localhost:1/b.png\"]}")
                .getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        for (int i = 0; i < TRIES; i++) {
            byte[] body = mutate(random.nextBoolean() ? small : recorded, 1 + random.nextInt(4));
            try {
                CallbackBody callback = validator.validate(body);
                assertValid(callback, i);
                accepted++;
            } catch (ProblemException refused) {
                assertThat(refused.kind().status()).as(replay(i)).isBetween(400, 499);
            } catch (RuntimeException | Error other) {
                throw new AssertionError(replay(i) + ": " + other + " for " + Arrays.toString(body), other);
            }
        }
        assertThat(accepted).as("some mutations are harmless (whitespace, unknown fields): " + replay(-1)).isPositive();
    }

    private void assertValid(CallbackBody callback, int i) {
        assertThat(callback.event()).as(replay(i)).isNotBlank();
        if (!callback.isCompleted()) {
            return;
        }
        assertThat(callback.headshotsId()).as(replay(i)).isNotNull();
        assertThat(callback.imageUrls()).as(replay(i)).hasSizeBetween(1, 100);
        for (String url : callback.imageUrls()) {
            assertThat(url).as(replay(i)).hasSizeLessThanOrEqualTo(2048).matches("(?i)https?://[\\x21-\\x7e]+");
        }
    }

    private byte[] mutate(byte[] original, int times) {
        byte[] body = original;
        for (int t = 0; t < times; t++) {
            body = mutateOnce(body);
        }
        return body;
    }

    private byte[] mutateOnce(byte[] body) {
        int at = body.length == 0 ? 0 : random.nextInt(body.length);
        switch (random.nextInt(8)) {
            case 0 -> {
                byte[] flipped = body.clone();
                if (flipped.length > 0) {
                    flipped[at] ^= (byte) (1 << random.nextInt(8));
                }
                return flipped;
            }
            case 1 -> {
                return splice(body, at, at, new byte[]{(byte) random.nextInt(256)});
            }
            case 2 -> {
                return splice(body, at, Math.min(body.length, at + 1 + random.nextInt(8)), new byte[0]);
            }
            case 3 -> {
                return Arrays.copyOf(body, at);
            }
            case 4 -> {
                return splice(body, at, at, FRAGMENTS.get(random.nextInt(FRAGMENTS.size())).getBytes(StandardCharsets.UTF_8));
            }
            case 5 -> {
                int end = Math.min(body.length, at + random.nextInt(64));
                return splice(body, at, at, Arrays.copyOfRange(body, at, end));
            }
            case 6 -> {
                String deep = "[".repeat(random.nextInt(1, 40)) + "]".repeat(random.nextInt(1, 40));
                return splice(body, at, at, deep.getBytes(StandardCharsets.UTF_8));
            }
            default -> {
                byte[] run = new byte[random.nextInt(1, 16)];
                for (int b = 0; b < run.length; b++) {
                    run[b] = (byte) random.nextInt(256);
                }
                return splice(body, at, Math.min(body.length, at + run.length), run);
            }
        }
    }

    private static byte[] splice(byte[] body, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + insert.length);
        out.write(body, 0, from);
        out.writeBytes(insert);
        out.write(body, to, body.length - to);
        return out.toByteArray();
    }

    private static byte[] recorded() throws IOException {
        try (InputStream in = CallbackValidatorFuzzTest.class.getResourceAsStream("/callbacks/runflow-completed.json")) {
            return in.readAllBytes();
        }
    }

    private String replay(int i) {
        return "try " + i + ", replay with -Dcallback.validator.seed=" + seed;
    }
}
