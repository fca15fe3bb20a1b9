package dev.headshots.ingest.lifecycle;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Copies bounded to 15 s an attempt, so that an erasure that caught copies in flight waits for them a test's time (their claim
 * plus the attempt's bound plus a lease of 6 s) rather than the production two minutes.
 */
public class ErasureProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("headshots.download.total-timeout", "15s");
    }
}
