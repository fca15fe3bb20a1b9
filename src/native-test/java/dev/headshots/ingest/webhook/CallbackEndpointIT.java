package dev.headshots.ingest.webhook;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CallbackEndpointTest} against the packaged application: the JVM jar here, the native binary with -Pnative. */
@QuarkusIntegrationTest
class CallbackEndpointIT extends CallbackEndpointTest {
}
