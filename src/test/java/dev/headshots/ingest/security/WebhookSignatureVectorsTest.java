package dev.headshots.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.security.WebhookSignature.Verdict;

/**
 * Our verifier agrees with the Standard Webhooks reference implementation on every vector in
 * {@code standard-webhooks/vectors.json}, which {@code generate-vectors.mjs} made with it: the reference's signatures are
 * valid, and each of its refusals is the matching {@link Verdict}.
 */
public class WebhookSignatureVectorsTest {

    /** The reference's outcome, "valid" or the message it throws, as our verdict. */
    private static final Map<String, Verdict> REFERENCE_OUTCOMES = Map.of(
            "valid", Verdict.VALID,
            "Missing required headers", Verdict.MISSING_HEADERS,
            "Invalid Signature Headers", Verdict.MALFORMED,
            "Message timestamp too old", Verdict.STALE_TIMESTAMP,
            "Message timestamp too new", Verdict.STALE_TIMESTAMP,
            "No matching signature found", Verdict.BAD_SIGNATURE);

    public record Vector(String name, String secret, String id, String timestamp, long now, String body, String signature,
            String reference) {

        @Override
        public String toString() {
            return name;
        }
    }

    record Vectors(String generator, long toleranceSeconds, List<Vector> vectors) {
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void agreesWithTheReferenceImplementation(Vector vector) throws IOException {
        WebhookSignature verifier = new WebhookSignature(List.of(vector.secret()),
                Duration.ofSeconds(load().toleranceSeconds()), WebhookSignatureTest.fixedClock(vector.now()));

        Verdict verdict = verifier.verify(vector.id(), vector.timestamp(), vector.signature(),
                vector.body().getBytes(StandardCharsets.UTF_8));

        assertThat(REFERENCE_OUTCOMES).containsKey(vector.reference());
        assertThat(verdict).isEqualTo(REFERENCE_OUTCOMES.get(vector.reference()));
    }

    @ParameterizedTest
    @MethodSource("referenceSignatures")
    void signsExactlyAsTheReferenceDoes(Vector vector) {
        String signed = WebhookSignature.sign(SigningSecret.parse(vector.secret()).key(), vector.id(),
                Long.parseLong(vector.timestamp()), vector.body().getBytes(StandardCharsets.UTF_8));

        assertThat(signed).isEqualTo(vector.signature());
    }

    public static List<Vector> vectors() throws IOException {
        Vectors vectors = load();
        assertThat(vectors.generator()).startsWith("standardwebhooks@");
        assertThat(vectors.vectors()).hasSizeGreaterThanOrEqualTo(10);
        return vectors.vectors();
    }

    /** The vectors whose header is one signature that the reference accepts. */
    static List<Vector> referenceSignatures() throws IOException {
        return vectors().stream()
                .filter(vector -> vector.reference().equals("valid") && !vector.signature().contains(" "))
                .toList();
    }

    private static Vectors load() throws IOException {
        try (InputStream in = WebhookSignatureVectorsTest.class.getResourceAsStream("/standard-webhooks/vectors.json")) {
            assertThat(in).as("standard-webhooks/vectors.json on the test classpath").isNotNull();
            return new ObjectMapper().readValue(in, Vectors.class);
        }
    }
}
