package dev.headshots.ingest.intake;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CallbackPipelineTest} against the packaged application: the JVM jar here, the native binary with -Pnative. */
@QuarkusIntegrationTest
class CallbackPipelineIT extends CallbackPipelineTest {
}
