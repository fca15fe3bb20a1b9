package dev.headshots.ingest.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service submitting through Runflow's runs platform (the simulator's model), with reconciliation on a test's time scale: a
 * job without a callback is polled after 3 s, again after 2 to 4 s, and times out 12 s after its submission.
 */
public class RunsApiProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "headshots.runflow.api", "runs",
                "headshots.runflow.model", RunflowSimulatorResource.MODEL,
                "headshots.runflow.photo-url-ttl", "10m",
                "headshots.runflow.reconcile-after", "3s",
                "headshots.runflow.callback-deadline", "12s",
                "headshots.runflow.poll-backoff-initial", "2s",
                "headshots.runflow.poll-backoff-max", "4s",
                "headshots.runflow.reconcile-interval", "500ms");
    }
}
