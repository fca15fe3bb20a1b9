package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.support.TestConfig;

class CallbackValidatorTest {

    private final CallbackValidator validator = new CallbackValidator(TestConfig.defaults().webhook(),
            java.time.Clock.systemUTC());

    @Test
    void theRecordedRunflowPayloadIsValid() throws IOException {
        CallbackBody body = validator.validate(recorded("runflow-completed.json"));

        assertThat(body.isCompleted()).isTrue();
        assertThat(body.headshotsId()).isEqualTo(UUID.fromString("a1b2c3d4-e5f6-7890-abcd-ef1234567890"));
        assertThat(body.imageUrls()).hasSize(60).first().asString().startsWith("https://cdn.runflow.io/headshots/");
    }

    @Test
    void anUppercaseUuidIsNormalised() {
        CallbackBody body = validator.validate(json("""
                {"event":"headshots.completed","headshots_id":"A1B2C3D4-E5F6-7890-ABCD-EF1234567890",
                 "image_urls":["https://cdn.runflow.io/a.jpg"]}"""));

        assertThat(body.headshotsId().toString()).isEqualTo("a1b2c3d4-e5f6-7890-abcd-ef1234567890");
    }

    @Test
    void unknownFieldsAreTolerated() {
        assertThat(validator.validate(json("""
                {"event":"headshots.completed","headshots_id":"a1b2c3d4-e5f6-7890-abcd-ef1234567890",
                 "image_urls":["https://cdn.runflow.io/a.jpg"],"extra":{"nested":true}}""")).isCompleted()).isTrue();
    }

    @Test
    void aLenientUuidFormIsRefused() {
        assertKind("""
                {"event":"headshots.completed","headshots_id":"1-2-3-4-5","image_urls":["https://x.io/a.jpg"]}""",
                ProblemKind.VALIDATION_FAILED);
    }

    @Test
    void urlsMustBeAbsoluteHttpWithAHost() {
        for (String url : new String[]{"https:///nohost.jpg", "mailto:a@b.c", "javascript:alert(1)", "https://a b/",
                ""}) {
            assertKind("{\"event\":\"headshots.completed\",\"headshots_id\":\"" + UUID.randomUUID()
                    + "\",\"image_urls\":[\"" + url + "\"]}", ProblemKind.VALIDATION_FAILED);
        }
    }

    @Test
    void malformedInputIsReportedAsMalformedJson() {
        for (String body : new String[]{"", "null", "\"text\"", "{", "{\"a\":1,\"a\":2}", "{} []",
                "{\"event\":\"x\u0001\"}"}) {
            assertKind(body, ProblemKind.MALFORMED_JSON);
        }
    }

    @Test
    void anotherEventIsReturnedWithoutFurtherChecks() {
        CallbackBody body = validator.validate(json("{\"event\":\"headshots.failed\"}"));

        assertThat(body.isCompleted()).isFalse();
        assertThat(body.headshotsId()).isNull();
    }

    private void assertKind(String body, ProblemKind kind) {
        assertThatThrownBy(() -> validator.validate(json(body)))
                .as(body)
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] recorded(String name) throws IOException {
        try (InputStream in = CallbackValidatorTest.class.getResourceAsStream("/callbacks/" + name)) {
            return in.readAllBytes();
        }
    }
}
