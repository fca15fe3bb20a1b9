package dev.headshots.ingest.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.callback.HeadshotsCompleted;

/** What a poll of {@code GET /v1/runs/{id}} makes of a run. */
class RunStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ID = UUID.fromString("0193b0a4-7c1e-7d2a-9f00-5b6c7d8e9f01");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aRunOnItsWayIsPending() throws Exception {
        for (String status : new String[]{"queued", "dispatching", "running", "something_new", ""}) {
            assertThat(state("{\"status_code\":\"" + status + "\"}").kind()).as(status).isEqualTo(RunState.Kind.PENDING);
        }
    }

    @Test
    void aSucceededRunsOutcomeIsTheRecordACallbackWouldHaveBroughtMarkedAsPolled() throws Exception {
        RunState state = state("""
                {"status_code":"succeeded","output":{"outputs":[{"url":"https://cdn.runflow.io/1.jpg"}]}}""");
        assertThat(state.kind()).isEqualTo(RunState.Kind.OUTCOME);
        HeadshotsCompleted record = state.outcome();
        assertThat(record.event()).isEqualTo("run.completed");
        assertThat(record.headshotsId()).isEqualTo(ID);
        assertThat(record.imageUrls()).containsExactly("https://cdn.runflow.io/1.jpg");
        assertThat(record.receivedAt()).isEqualTo(NOW);
        assertThat(record.source()).isEqualTo(HeadshotsCompleted.POLL);
    }

    @Test
    void aFinishedRunWithoutItsImagesNeedsARedelivery() throws Exception {
        assertThat(state("{\"status_code\":\"succeeded\",\"output\":null}").kind()).isEqualTo(RunState.Kind.OUTPUT_MISSING);
        assertThat(state("{\"status_code\":\"succeeded\",\"output\":{\"image_urls\":[\"not a url\"]}}").kind())
                .isEqualTo(RunState.Kind.OUTPUT_MISSING);
        assertThat(state("{\"status_code\":\"partial_succeeded\"}").kind()).isEqualTo(RunState.Kind.OUTPUT_MISSING);
    }

    @Test
    void aFailedRunKeepsItsErrorFromTheRunOrItsOutput() throws Exception {
        HeadshotsCompleted fromRun = state("""
                {"status_code":"failed","failure_code":"INPUT_UNREADABLE","failure_message":"input 1: HTTP 403",
                 "output":{"code":"OTHER","message":"other"}}""").outcome();
        assertThat(fromRun.event()).isEqualTo("run.failed");
        assertThat(fromRun.failureCode()).isEqualTo("INPUT_UNREADABLE");
        assertThat(fromRun.failureMessage()).isEqualTo("input 1: HTTP 403");
        HeadshotsCompleted fromOutput = state("""
                {"status_code":"failed","output":{"code":"MODEL_ERROR","message":"no face"}}""").outcome();
        assertThat(fromOutput.failureCode()).isEqualTo("MODEL_ERROR");
        assertThat(state("{\"status_code\":\"failed\",\"failure_code\":\"bad code\"}").outcome().failureCode()).isNull();
    }

    @Test
    void bothSpellingsOfACancelledRunAreRead() throws Exception {
        assertThat(state("{\"status_code\":\"canceled\"}").outcome().event()).isEqualTo("run.cancelled");
        assertThat(state("{\"status_code\":\"cancelled\"}").outcome().event()).isEqualTo("run.cancelled");
    }

    private static RunState state(String run) throws Exception {
        JsonNode node = JSON.readTree(run);
        return RunState.of(ID, node, NOW, 100, 2048);
    }
}
