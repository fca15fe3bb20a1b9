package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * A deleted pod first leaves the Service's endpoints while its preStop hook sleeps, then gets SIGTERM and has the service's own
 * shutdown budget ({@code quarkus.shutdown.timeout}) to finish, and all of it fits in {@code terminationGracePeriodSeconds}, so
 * that the kubelet never has to SIGKILL a pod that is still draining. The hook is a sleep action, since the micro runtime image
 * has no {@code sleep} binary to exec.
 */
class GracefulShutdownTest {

    static final List<String> ENVIRONMENTS = Manifests.ENVIRONMENTS;

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void preStopSleepPlusShutdownTimeoutFitsTheGracePeriod(String directory) {
        Manifests manifests = Manifests.of(directory);
        Deployment deployment = manifests.deployment();
        Lifecycle lifecycle = manifests.container().getLifecycle();
        assertThat(lifecycle.getPreStop().getExec()).as("no exec: the runtime image has no shell or sleep").isNull();
        long sleep = lifecycle.getPreStop().getSleep().getSeconds();
        assertThat(sleep).isBetween(1L, 10L);

        String timeout = Optional.ofNullable(manifests.environment().get("QUARKUS_SHUTDOWN_TIMEOUT"))
                .or(() -> ServiceConfig.value("quarkus.shutdown.timeout"))
                .orElseThrow(() -> new AssertionError("quarkus.shutdown.timeout is not set: the service must bound its own"
                        + " shutdown, or SIGKILL ends it mid-request"));
        Duration shutdown = ServiceConfig.duration(timeout);
        long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertThat(grace).isEqualTo(30);
        assertThat(Duration.ofSeconds(sleep).plus(shutdown)).isLessThanOrEqualTo(Duration.ofSeconds(grace));
    }
}
