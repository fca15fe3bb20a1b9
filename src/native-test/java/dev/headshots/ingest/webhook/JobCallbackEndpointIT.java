package dev.headshots.ingest.webhook;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The per-job callback URL against the packaged application (the jar, or the native binary with {@code -Pnative}). */
@QuarkusIntegrationTest
class JobCallbackEndpointIT extends JobCallbackEndpointTest {
}
