package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * The ports and paths of the manifests are the ones the service really serves: the container port is {@code quarkus.http.port},
 * the probes use SmallRye Health's started/ready/live paths and the ServiceMonitor Micrometer's Prometheus path (derived from
 * the same configuration keys Quarkus uses, with their defaults), all on that one port, and the Service forwards to it.
 */
class ProbesAndPortsTest {

    static final List<String> ENVIRONMENTS = Manifests.ENVIRONMENTS;

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void theContainerPortIsTheServicesHttpPort(String directory) {
        Manifests manifests = Manifests.of(directory);
        String configured = manifests.environment().getOrDefault("QUARKUS_HTTP_PORT",
                ServiceConfig.value("quarkus.http.port", "8080"));
        assertThat(httpPort(manifests.container()).getContainerPort()).isEqualTo(Integer.parseInt(configured));
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void probesAskTheHealthEndpointsOnTheHttpPort(String directory) {
        Container container = Manifests.of(directory).container();
        String portName = httpPort(container).getName();
        assertProbe(container.getStartupProbe(), healthPath("startup", "started"), portName);
        assertProbe(container.getReadinessProbe(), healthPath("readiness", "ready"), portName);
        assertProbe(container.getLivenessProbe(), healthPath("liveness", "live"), portName);
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void theServiceAndTheServiceMonitorReachTheContainerPort(String directory) {
        Manifests manifests = Manifests.of(directory);
        Service service = manifests.one(Service.class);
        ServicePort port = service.getSpec().getPorts().get(0);
        assertThat(service.getSpec().getPorts()).hasSize(1);
        assertThat(port.getTargetPort().getStrVal()).isEqualTo(httpPort(manifests.container()).getName());
        assertThat(manifests.deployment().getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());

        GenericKubernetesResource monitor = manifests.oneCustom("ServiceMonitor");
        assertThat(monitor.<String>get("spec", "endpoints", 0, "port")).isEqualTo(port.getName());
        assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo(metricsPath());
        assertThat(service.getMetadata().getLabels())
                .containsAllEntriesOf(monitor.<Map<String, String>>get("spec", "selector", "matchLabels"));
    }

    @Test
    void healthAndMetricsAreServedByTheMainHttpServer() {
        // The extensions that serve /q/health and /q/metrics are on the classpath (Micrometer's Prometheus registry in
        // either of its two generations)...
        assertThat(onClasspath("io.smallrye.health.SmallRyeHealthReporter")).isTrue();
        assertThat(onClasspath("io.micrometer.prometheus.PrometheusMeterRegistry")
                || onClasspath("io.micrometer.prometheusmetrics.PrometheusMeterRegistry")).isTrue();
        // ...and nothing moves them to the management interface (port 9000) or under another root path.
        assertThat(ServiceConfig.value("quarkus.management.enabled", "false")).isEqualTo("false");
        assertThat(ServiceConfig.value("quarkus.http.root-path", "/")).isEqualTo("/");
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, ProbesAndPortsTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static ContainerPort httpPort(Container container) {
        assertThat(container.getPorts()).hasSize(1);
        ContainerPort port = container.getPorts().get(0);
        assertThat(port.getName()).isEqualTo("http");
        return port;
    }

    private static void assertProbe(Probe probe, String path, String portName) {
        assertThat(probe).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get.getPath()).isEqualTo(path);
        assertThat(get.getPort().getStrVal()).isEqualTo(portName);
    }

    /** {@code /q/health/started} and so on, from the same keys and defaults as quarkus-smallrye-health. */
    private static String healthPath(String kind, String defaultPath) {
        return nonApplicationRoot() + "/" + strip(ServiceConfig.value("quarkus.smallrye-health.root-path", "health")) + "/"
                + strip(ServiceConfig.value("quarkus.smallrye-health." + kind + "-path", defaultPath));
    }

    private static String metricsPath() {
        return nonApplicationRoot() + "/" + strip(ServiceConfig.value("quarkus.micrometer.export.prometheus.path", "metrics"));
    }

    private static String nonApplicationRoot() {
        return "/" + strip(ServiceConfig.value("quarkus.http.non-application-root-path", "q"));
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
