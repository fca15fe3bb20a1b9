package dev.headshots.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.state.JobStatus;

class JobStatusTest {

    @Test
    void aJobWithUnsettledImagesIsStillCopying() {
        assertThat(JobStatus.of(60, 0, 0)).isEqualTo(JobStatus.COPYING);
        assertThat(JobStatus.of(60, 59, 0)).isEqualTo(JobStatus.COPYING);
        assertThat(JobStatus.of(60, 30, 29)).isEqualTo(JobStatus.COPYING);
    }

    @Test
    void settledJobsAreCompletedPartialOrFailed() {
        assertThat(JobStatus.of(60, 60, 0)).isEqualTo(JobStatus.COMPLETED);
        assertThat(JobStatus.of(60, 59, 1)).isEqualTo(JobStatus.PARTIAL);
        assertThat(JobStatus.of(60, 0, 60)).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void onlyTheSettledStatusesAreTerminal() {
        assertThat(JobStatus.COMPLETED.isTerminal()).isTrue();
        assertThat(JobStatus.PARTIAL.isTerminal()).isTrue();
        assertThat(JobStatus.FAILED.isTerminal()).isTrue();
        assertThat(JobStatus.CANCELLED.isTerminal()).isTrue();
        assertThat(JobStatus.RECEIVED.isTerminal()).isFalse();
        assertThat(JobStatus.COPYING.isTerminal()).isFalse();
        assertThat(JobStatus.SUBMITTED.isTerminal()).isFalse();
    }

    @Test
    void aTimedOutJobIsNotTerminalSinceALateCallbackTakesItOn() {
        assertThat(JobStatus.TIMED_OUT.isTerminal()).isFalse();
    }

    @Test
    void aPartialRunIsNeverBetterThanPartial() {
        assertThat(JobStatus.of(3, 3, 0).partial()).isEqualTo(JobStatus.PARTIAL);
        assertThat(JobStatus.of(0, 0, 0).partial()).isEqualTo(JobStatus.PARTIAL);
        assertThat(JobStatus.of(3, 0, 3).partial()).isEqualTo(JobStatus.FAILED);
        assertThat(JobStatus.of(3, 1, 0).partial()).isEqualTo(JobStatus.COPYING);
    }
}
