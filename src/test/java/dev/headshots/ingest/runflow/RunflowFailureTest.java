package dev.headshots.ingest.runflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What of Runflow's error answer reaches our API's caller and our logs. */
class RunflowFailureTest {

    @Test
    void aQuotedUrlLosesItsQueryWhichMayBeAPresignedCredential() {
        RunflowFailure failure = RunflowFailure.answered(422, "{\"code\":\"VALIDATION_ERROR\",\"message\":\"input_images[0]"
                + " http://127.0.0.1:9090/headshots/photos/x/1.jpg?X-Amz-Signature=abc&X-Amz-Credential=key is not reachable\"}");
        assertThat(failure.getMessage()).startsWith("Runflow answered HTTP 422: ")
                .contains("http://127.0.0.1:9090/headshots/photos/x/1.jpg?<redacted>")
                .doesNotContain("X-Amz-Signature").doesNotContain("abc");
        assertThat(failure.status()).isEqualTo(422);
    }

    @Test
    void controlCharactersGoAndLongAnswersAreShortened() {
        RunflowFailure failure = RunflowFailure.answered(500, "line\r\nforged: log line " + "x".repeat(500));
        assertThat(failure.getMessage()).doesNotContain("\n").doesNotContain("\r").endsWith("…").hasSizeLessThan(260);
        assertThat(new RunflowFailure("no answer").status()).isZero();
    }
}
