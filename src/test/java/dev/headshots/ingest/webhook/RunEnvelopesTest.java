package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.support.TestConfig;

/** The strict checks of the runs envelope, through {@link CallbackValidator} as the endpoints use it. */
class RunEnvelopesTest {

    private static final String RUN = "0193b0a4-7c1e-7d2a-9f00-5b6c7d8e9f01";
    /** When the envelopes below were sent: their completed_at is 2026-05-06T10:01:42Z. */
    private static final Instant NOW = Instant.parse("2026-05-06T12:00:00Z");
    private final CallbackValidator validator = new CallbackValidator(TestConfig.of(Map.of()).webhook(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aCompletedRunCarriesItsImagesAndMetadataAndIsForwarded() {
        CallbackBody body = validate("""
                {"event":"run.completed","run_id":"%s","status":"succeeded",
                 "output":{"image_urls":["https://cdn.runflow.io/a.jpg","https://cdn.runflow.io/b.jpg"]},"duration_ms":12,
                 "created_at":"2026-05-06T10:00:00.000000+00:00","completed_at":"2026-05-06T10:01:42+00:00",
                 "metadata":{"headshots_submission_id":"x","tenant":"default"},"something_new":true}""".formatted(RUN));
        assertThat(body.forwards()).isTrue();
        assertThat(body.headshotsId()).isEqualTo(UUID.fromString(RUN));
        assertThat(body.imageUrls()).containsExactly("https://cdn.runflow.io/a.jpg", "https://cdn.runflow.io/b.jpg");
        assertThat(body.source()).as("an envelope is always encoded again").isNull();
        assertThat(body.run().metadata().get("tenant").asText()).isEqualTo("default");
    }

    @Test
    void theNormalisedOutputsShapeIsReadToo() {
        CallbackBody body = validate(
                """
                        {"event":"run.completed","run_id":"%s","output":{"outputs":[{"url":"https://cdn.runflow.io/a.jpg","seed":1}]}}"""
                        .formatted(RUN));
        assertThat(body.imageUrls()).containsExactly("https://cdn.runflow.io/a.jpg");
    }

    @Test
    void aPartialRunMayCarryNoImageAndAFailedOneKeepsRunflowsError() {
        assertThat(validate("""
                {"event":"run.partial_succeeded","run_id":"%s","status":"partial_succeeded","output":{"image_urls":[]}}"""
                .formatted(RUN)).imageUrls()).isEmpty();
        CallbackBody failed = validate("""
                {"event":"run.failed","run_id":"%s","status":"failed","output":{"code":"MODEL_ERROR","message":"no\\nface"}}"""
                .formatted(RUN));
        assertThat(failed.run().failureCode()).isEqualTo("MODEL_ERROR");
        assertThat(failed.run().failureMessage()).isEqualTo("no face");
        assertThat(failed.imageUrls()).isEmpty();
        assertThat(validate("""
                {"event":"run.failed","run_id":"%s","output":null}""".formatted(RUN)).run().failureCode()).isNull();
    }

    @Test
    void aCancelledRunIsReadWithEitherSpellingOfItsStatus() {
        for (String status : new String[]{"cancelled", "canceled"}) {
            CallbackBody body = validate("""
                    {"event":"run.cancelled","run_id":"%s","status":"%s","output":null}""".formatted(RUN, status));
            assertThat(body.forwards()).isTrue();
        }
    }

    @Test
    void aBatchCallbackIsIgnoredAndSoIsAnUnknownEvent() {
        assertThat(validate("""
                {"event":"run.completed","batch_id":"%s","output":{"items":[]}}""".formatted(RUN)).forwards()).isFalse();
        assertThat(validate("""
                {"event":"run.started","run_id":"%s"}""".formatted(RUN)).forwards()).isFalse();
    }

    @Test
    void everyViolationIsListedWithItsPointer() {
        assertThatThrownBy(() -> validate("""
                {"event":"run.completed","run_id":"nope","status":"failed","output":{"image_urls":["ftp://x/a","ok"]},
                 "created_at":"yesterday","duration_ms":"12","metadata":[1]}"""))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.kind()).isEqualTo(ProblemKind.VALIDATION_FAILED);
                    assertThat(problem.violations()).extracting("field").containsExactlyInAnyOrder("/run_id", "/status",
                            "/output/image_urls/0", "/output/image_urls/1", "/created_at", "/duration_ms", "/metadata");
                });
    }

    @Test
    void aCompletedRunNeedsAtLeastOneImageInOneShape() {
        for (String output : new String[]{"null", "{}", "{\"image_urls\":[]}", "{\"image_urls\":[\"https://a.b/c\"],"
                + "\"outputs\":[]}", "{\"outputs\":[{\"href\":\"https://a.b/c\"}]}", "\"https://a.b/c\""}) {
            assertThatThrownBy(() -> validate("""
                    {"event":"run.completed","run_id":"%s","output":%s}""".formatted(RUN, output)))
                    .as(output).isInstanceOfSatisfying(ProblemException.class,
                            problem -> assertThat(problem.kind()).isEqualTo(ProblemKind.VALIDATION_FAILED));
        }
    }

    @Test
    void aFailedRunsErrorMustBeAnObjectOfStrings() {
        assertThatThrownBy(() -> validate("""
                {"event":"run.failed","run_id":"%s","output":{"code":"has space","message":7}}""".formatted(RUN)))
                .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.violations())
                        .extracting("field").containsExactlyInAnyOrder("/output/code", "/output/message"));
    }

    @Test
    void anEnvelopeCompletedLongerAgoThanTheMaxAgeIsRefusedAsAReplay() {
        String envelope = """
                {"event":"run.completed","run_id":"%s","output":{"image_urls":["https://cdn.runflow.io/a.jpg"]},
                 "completed_at":"%s"}""";
        assertThatThrownBy(() -> validate(envelope.formatted(RUN, "2026-05-03T11:59:59+00:00")))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.kind()).isEqualTo(ProblemKind.VALIDATION_FAILED);
                    assertThat(problem.violations()).extracting("field").containsExactly("/completed_at");
                    assertThat(problem.violations().get(0).message()).contains("72h");
                });
        assertThat(validate(envelope.formatted(RUN, "2026-05-03T12:00:01+00:00")).forwards()).as("just within 72h").isTrue();
        assertThat(validate(envelope.formatted(RUN, "2026-05-06T12:05:00+00:00")).forwards()).as("ahead of our clock")
                .isTrue();
    }

    private CallbackBody validate(String json) {
        return validator.validate(json.getBytes(StandardCharsets.UTF_8));
    }
}
