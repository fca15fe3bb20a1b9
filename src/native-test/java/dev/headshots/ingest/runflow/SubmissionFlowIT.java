package dev.headshots.ingest.runflow;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The submission flow against the packaged application (the jar, or the native binary with {@code -Pnative}). */
@QuarkusIntegrationTest
class SubmissionFlowIT extends SubmissionFlowTest {
}
