package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * The operator console through the Ingress only where an overlay says so: the dev overlay includes
 * {@code components/console-ingress} (/console alone, on a host of its own, over TLS, from the listed source ranges), and prod
 * routes no {@code /console} at all.
 */
class ConsoleIngressTest {

    @Test
    void theDevOverlayRoutesTheConsoleFromTheOperatorsNetworksOnly() {
        List<Ingress> ingresses = Manifests.of("overlays/dev").all(Ingress.class);
        Ingress console = ingresses.stream()
                .filter(ingress -> ingress.getMetadata().getName().equals("headshots-ingest-console")).findFirst()
                .orElseThrow();
        String host = console.getSpec().getRules().get(0).getHost();

        assertThat(console.getMetadata().getLabels()).containsEntry(IngressTest.OPERATORS_ONLY, "true");
        assertThat(console.getSpec().getRules()).singleElement().satisfies(rule -> assertThat(rule.getHttp().getPaths())
                .extracting(HTTPIngressPath::getPath).containsExactly("/console"));
        assertThat(console.getSpec().getTls()).singleElement().satisfies(tls -> assertThat(tls.getHosts()).containsExactly(
                host));
        assertThat(console.getMetadata().getAnnotations()).containsKey("nginx.ingress.kubernetes.io/whitelist-source-range");
        assertThat(console.getMetadata().getNamespace()).isEqualTo("headshots");
        assertThat(console.getMetadata().getAnnotations()).containsKey("cert-manager.io/cluster-issuer");
        assertThat(console.getSpec().getTls().get(0).getSecretName()).isEqualTo("headshots-ingest-console-tls");
        assertThat(ingresses).filteredOn(ingress -> ingress != console).allSatisfy(ingress -> assertThat(ingress.getSpec()
                .getRules()).allSatisfy(
                        rule -> assertThat(rule.getHost()).as("no public host serves /console")
                                .isNotEqualTo(host)));
    }

    @Test
    void prodRoutesNoConsole() {
        assertThat(Manifests.of("overlays/prod").all(Ingress.class)).allSatisfy(ingress -> assertThat(ingress.getSpec()
                .getRules()).allSatisfy(
                        rule -> assertThat(rule.getHttp().getPaths()).extracting(HTTPIngressPath::getPath)
                                .noneMatch(path -> IngressTest.covers(path, "/console"))));
    }
}
