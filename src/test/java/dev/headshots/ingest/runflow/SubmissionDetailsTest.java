package dev.headshots.ingest.runflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.problem.ProblemException;

/** The limits of {@code client_reference_id} and {@code metadata}, at their edges. */
class SubmissionDetailsTest {

    @Test
    void theLimitsThemselvesAreAccepted() {
        String twentyKeys = IntStream.range(0, 20).mapToObj(i -> "\"%s\":\"%s\"".formatted(
                ("k" + i + "x".repeat(40)).substring(0, 40), "v".repeat(500))).collect(Collectors.joining(",", "{", "}"));
        SubmissionDetails details = SubmissionDetails.read("🙂".repeat(200), twentyKeys);
        assertThat(details.clientReferenceId()).hasSize(400);
        assertThat(details.metadata()).hasSize(20);
        assertThat(SubmissionDetails.read(null, null)).isEqualTo(SubmissionDetails.NONE);
        assertThat(SubmissionDetails.read(null, "{}").metadata()).isEmpty();
        assertThat(SubmissionDetails.read(null, "{\"empty\":\"\"}").metadata()).containsEntry("empty", "");
    }

    @Test
    void oneOverEachLimitIsAViolation() {
        for (String[] fields : new String[][]{
                {"🙂".repeat(201), null}, {"line\nbreak", null}, {"", null},
                {null, "{\"" + "k".repeat(41) + "\":\"v\"}"}, {null, "{\"k\":\"" + "v".repeat(501) + "\"}"},
                {null, IntStream.range(0, 21).mapToObj(i -> "\"k" + i + "\":\"v\"").collect(Collectors.joining(",", "{",
                        "}"))},
                {null, "{\"k\":1}"}, {null, "{\"k\":null}"}, {null, "\"text\""}, {null, "{"}, {null, ""}}) {
            assertThatThrownBy(() -> SubmissionDetails.read(fields[0], fields[1]))
                    .isInstanceOf(ProblemException.class)
                    .satisfies(problem -> assertThat(((ProblemException) problem).kind().status()).isEqualTo(422));
        }
    }

    @Test
    void toStringShowsNoValue() {
        assertThat(SubmissionDetails.read("secret-ref", "{\"k\":\"secret-value\"}").toString())
                .doesNotContain("secret");
    }
}
