package dev.headshots.ingest.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The legacy API (the default), with a job that has no callback reconciled, that is timed out, after 2 s. */
public class LegacyReconcileProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "headshots.runflow.reconcile-after", "2s",
                "headshots.runflow.callback-deadline", "10s",
                "headshots.runflow.reconcile-interval", "500ms");
    }
}
