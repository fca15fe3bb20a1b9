package dev.headshots.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.callback.RunflowEvent;

/** A job's first Runflow outcome is final: the same outcome again is a repeat, another one a contradiction. */
class VerdictTest {

    @Test
    void aJobWithoutAnOutcomeTakesAnyEvent() {
        for (RunflowEvent event : RunflowEvent.values()) {
            assertThat(Verdict.of(null, event)).isEqualTo(Verdict.APPLY);
        }
    }

    @Test
    void theSameOutcomeAgainIsADuplicateWhicheverDialectSaysIt() {
        assertThat(Verdict.of(RunflowEvent.RUN_COMPLETED, RunflowEvent.RUN_COMPLETED)).isEqualTo(Verdict.DUPLICATE);
        assertThat(Verdict.of(RunflowEvent.HEADSHOTS_COMPLETED, RunflowEvent.RUN_COMPLETED)).isEqualTo(Verdict.DUPLICATE);
        assertThat(Verdict.of(RunflowEvent.RUN_FAILED, RunflowEvent.RUN_FAILED)).isEqualTo(Verdict.DUPLICATE);
        assertThat(Verdict.of(RunflowEvent.RUN_CANCELLED, RunflowEvent.RUN_CANCELLED)).isEqualTo(Verdict.DUPLICATE);
    }

    @Test
    void anotherOutcomeAfterTheFirstIsAContradictionNeverApplied() {
        assertThat(Verdict.of(RunflowEvent.RUN_COMPLETED, RunflowEvent.RUN_FAILED)).isEqualTo(Verdict.CONTRARY);
        assertThat(Verdict.of(RunflowEvent.RUN_FAILED, RunflowEvent.RUN_COMPLETED)).isEqualTo(Verdict.CONTRARY);
        assertThat(Verdict.of(RunflowEvent.RUN_CANCELLED, RunflowEvent.RUN_PARTIAL_SUCCEEDED)).isEqualTo(Verdict.CONTRARY);
        assertThat(Verdict.of(RunflowEvent.RUN_PARTIAL_SUCCEEDED, RunflowEvent.RUN_COMPLETED)).isEqualTo(Verdict.CONTRARY);
        assertThat(Verdict.CONTRARY.recorded()).isEqualTo("contrary");
    }
}
