package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * The pod runs as the restricted Pod Security Standard asks: a non-root user (the one the native image's Dockerfile declares),
 * a read-only root filesystem with an emptyDir on {@code /tmp} large enough for spooled photo uploads, no capabilities, no
 * privilege escalation, the runtime's seccomp profile, no Kubernetes API token, and no service-link variables. It has resource
 * requests and limits, a heap cap below its memory limit, and spreads over nodes and zones.
 */
class PodHardeningTest {

    static final List<String> ENVIRONMENTS = Manifests.ENVIRONMENTS;

    private static final Path DOCKERFILE_NATIVE = Path.of("src", "main", "docker", "Dockerfile.native");

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void podAndContainerAreLockedDown(String directory) throws IOException {
        Manifests manifests = Manifests.of(directory);
        PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();
        PodSecurityContext podSecurity = pod.getSecurityContext();
        assertThat(podSecurity.getRunAsNonRoot()).isTrue();
        assertThat(podSecurity.getRunAsUser()).isPositive().isEqualTo(dockerfileUser());
        assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        SecurityContext security = manifests.container().getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void tmpIsTheOnlyWritablePath(String directory) {
        Manifests manifests = Manifests.of(directory);
        PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();
        assertThat(manifests.container().getVolumeMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/tmp");
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow();
            assertThat(volume.getEmptyDir()).isNotNull();
            assertThat(volume.getEmptyDir().getSizeLimit()).isNotNull();
        });
    }

    /**
     * Uploads to {@code POST /v1/headshots} are spooled to {@code quarkus.http.body.uploads-directory} (by default under
     * {@code java.io.tmpdir}, i.e. {@code /tmp}) for the length of the request. A full emptyDir gets the pod evicted, so it
     * holds several uploads at the HTTP ceiling at once, and the node reserves that much disk for it.
     */
    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void tmpHoldsSeveralSpooledUploads(String directory) {
        Manifests manifests = Manifests.of(directory);
        String uploads = ServiceConfig.effective(manifests.environment(), "quarkus.http.body.uploads-directory")
                .orElse("${java.io.tmpdir}/uploads");
        assertThat(uploads).as("uploads must land on the /tmp emptyDir").matches("(\\$\\{java\\.io\\.tmpdir}|/tmp)/.*");
        long upload = ServiceConfig.bytes(ServiceConfig.value("quarkus.http.limits.max-body-size").orElseThrow());
        PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();
        Quantity sizeLimit = pod.getVolumes().stream().filter(volume -> volume.getEmptyDir() != null).findFirst()
                .orElseThrow().getEmptyDir().getSizeLimit();
        assertThat(sizeLimit.getNumericalAmount().longValueExact()).isGreaterThanOrEqualTo(8 * upload);
        Quantity reserved = manifests.container().getResources().getRequests().get("ephemeral-storage");
        assertThat(reserved).as("ephemeral-storage request").isNotNull();
        assertThat(reserved.getNumericalAmount()).isGreaterThanOrEqualTo(sizeLimit.getNumericalAmount());
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void noApiTokenAndNoServiceLinks(String directory) {
        Manifests manifests = Manifests.of(directory);
        PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();
        ServiceAccount account = manifests.one(ServiceAccount.class);
        assertThat(pod.getServiceAccountName()).isEqualTo(account.getMetadata().getName());
        assertThat(account.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getEnableServiceLinks()).isFalse();
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void resourcesAreBoundedAndTheHeapFitsTheLimit(String directory) {
        Container container = Manifests.of(directory).container();
        Quantity memoryLimit = container.getResources().getLimits().get("memory");
        Quantity memoryRequest = container.getResources().getRequests().get("memory");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(memoryRequest.getNumericalAmount()).isLessThanOrEqualTo(memoryLimit.getNumericalAmount());

        String xmx = container.getArgs().stream().filter(arg -> arg.startsWith("-Xmx")).findFirst()
                .orElseThrow(() -> new AssertionError("the native executable needs -Xmx: its default is 80% of the limit"));
        long heap = new Quantity(xmx.substring(4).toUpperCase().replaceAll("([KMG])$", "$1i")).getNumericalAmount()
                .longValueExact();
        // At least a quarter of the limit is left for what is not heap: image heap, thread stacks, direct buffers.
        assertThat(heap).isLessThanOrEqualTo(memoryLimit.getNumericalAmount().longValueExact() * 3 / 4);
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void replicasSpreadOverNodesAndZones(String directory) {
        Manifests manifests = Manifests.of(directory);
        PodSpec pod = manifests.deployment().getSpec().getTemplate().getSpec();
        List<TopologySpreadConstraint> constraints = pod.getTopologySpreadConstraints();
        assertThat(constraints).extracting(TopologySpreadConstraint::getTopologyKey)
                .containsExactlyInAnyOrder("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        assertThat(constraints).allSatisfy(constraint -> assertThat(
                manifests.deployment().getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(constraint.getLabelSelector().getMatchLabels()));
    }

    /** The numeric USER of the native image's runtime stage. */
    private static long dockerfileUser() throws IOException {
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)\\s*$").matcher(Files.readString(DOCKERFILE_NATIVE));
        long last = -1;
        while (user.find()) {
            last = Long.parseLong(user.group(1));
        }
        assertThat(last).as("Dockerfile.native ends with a numeric USER").isPositive();
        return last;
    }
}
