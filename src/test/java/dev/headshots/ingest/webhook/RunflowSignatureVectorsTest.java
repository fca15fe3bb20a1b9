package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Our {@code Runflow-Signature} verifier agrees with every vector of {@code runflow-signatures/vectors.json}, which
 * {@code generate-vectors.sh} made with Node's {@code crypto} (the way Runflow's own example signs) and checked with
 * {@code openssl dgst -sha256 -hmac}: signatures by either configured secret verify over the raw bytes of each body (UTF-8, a
 * trailing newline), and a tampered body, an unknown secret, uppercase hex, 63 or 65 characters, non-hex, a prefixed or an
 * empty header do not.
 */
class RunflowSignatureVectorsTest {

    record Vector(String name, String body, String secret, String signature, String expect) {

        @Override
        public String toString() {
            return name;
        }
    }

    record Vectors(String generator, Map<String, String> secrets, List<Vector> vectors) {
    }

    private static final RunflowSignature CONFIGURED = new RunflowSignature(List.of(secret("old"), secret("new")));

    @ParameterizedTest
    @MethodSource("vectors")
    void agreesWithNodeAndOpenssl(Vector vector) throws IOException {
        assertThat(CONFIGURED.verify(vector.signature(), body(vector.body())))
                .as(vector.name()).isEqualTo(vector.expect().equals("valid"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void signsExactlyAsNodeDoes(Vector vector) throws IOException {
        if (vector.expect().equals("valid")) {
            assertThat(RunflowSignature.sign(secret(vector.secret()), body(vector.body()))).isEqualTo(vector.signature());
        }
    }

    @Test
    void eitherSecretOfARotationVerifiesAndOnlyConfiguredOnes() throws IOException {
        byte[] body = body("run-completed.json");
        String byOld = RunflowSignature.sign(secret("old"), body);
        String byNew = RunflowSignature.sign(secret("new"), body);
        assertThat(new RunflowSignature(List.of(secret("new"))).verify(byNew, body)).isTrue();
        assertThat(new RunflowSignature(List.of(secret("new"))).verify(byOld, body)).isFalse();
        assertThat(new RunflowSignature(List.of(secret("old"), secret("new"))).verify(byOld, body)).isTrue();
        assertThat(CONFIGURED.verify(null, body)).isFalse();
    }

    @Test
    void theVectorsWereMadeByNodeAndCheckedWithOpenssl() throws IOException {
        Vectors vectors = load();
        assertThat(vectors.generator()).contains("node").contains("crypto.createHmac").contains("OpenSSL");
        assertThat(vectors.vectors()).hasSizeGreaterThanOrEqualTo(15);
        assertThat(vectors.vectors()).filteredOn(vector -> vector.expect().equals("valid")).hasSizeGreaterThanOrEqualTo(8);
    }

    static List<Vector> vectors() throws IOException {
        return load().vectors();
    }

    static String secret(String name) {
        try {
            return load().secrets().get(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] body(String file) throws IOException {
        try (InputStream in = RunflowSignatureVectorsTest.class.getResourceAsStream("/runflow-signatures/bodies/" + file)) {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }

    static Vectors load() throws IOException {
        try (InputStream in = RunflowSignatureVectorsTest.class.getResourceAsStream("/runflow-signatures/vectors.json")) {
            assertThat(in).as("runflow-signatures/vectors.json on the test classpath").isNotNull();
            return new ObjectMapper().readValue(in, Vectors.class);
        }
    }
}
