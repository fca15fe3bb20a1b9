package dev.headshots.ingest.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.simulator.SimulatorSettings;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Plays Runflow for {@code @QuarkusTest}s: one {@link RunflowSimulator} for the whole run, on an ephemeral port, that the
 * service submits jobs to ({@code headshots.runflow.base-url}) and that calls back within a tenth of a second with 60 images it
 * serves itself. Injected into fields marked {@link InjectSimulator}.
 */
public class RunflowSimulatorResource implements QuarkusTestResourceLifecycleManager {

    /** The Runflow API key the service is configured with, and the simulator expects. */
    public static final String RUNFLOW_KEY = "test-runflow-key";
    /** The model the simulator creates runs of, and the runs profile submits to. */
    public static final String MODEL = "runflow/headshots-test";
    private static RunflowSimulator simulator;

    public static synchronized RunflowSimulator simulator() {
        if (simulator == null) {
            simulator = RunflowSimulator.start(SimulatorSettings.builder()
                    .apiKey(RUNFLOW_KEY)
                    .callbackDelay(Duration.ofMillis(100))
                    .callbackBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                    .callbackSecrets(List.of(RunflowSignatures.OLD_SECRET, RunflowSignatures.NEW_SECRET))
                    .model(MODEL)
                    .log(line -> System.out.println("[runflow-simulator] " + line))
                    .build());
        }
        return simulator;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("headshots.runflow.base-url", simulator().baseUrl(), "headshots.runflow.api-key", RUNFLOW_KEY);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(simulator(),
                new TestInjector.AnnotatedAndMatchesType(InjectSimulator.class, RunflowSimulator.class));
    }

    @Override
    public void stop() {
        // Shared by every test class of the run, like the image origin.
    }
}
