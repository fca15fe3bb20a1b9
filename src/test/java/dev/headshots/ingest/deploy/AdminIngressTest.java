package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * The opt-in component {@code components/admin-ingress}, added to the dev overlay in a kustomization made for this test: it
 * routes {@code /admin} alone, on a host no public Ingress uses, over TLS, from the listed source ranges only; the public
 * Ingresses are left as they are. Without it (every overlay as committed) {@code /admin} is not routed at all
 * ({@link IngressTest}).
 */
class AdminIngressTest {

    @Test
    void theAdminApiGetsAHostOfItsOwnRestrictedBySource() throws IOException {
        Path overlay = Path.of("target", "k8s-admin-ingress");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../deploy/k8s/overlays/dev
                components:
                  - ../../deploy/k8s/components/admin-ingress
                """);
        Manifests manifests = Manifests.of("../../" + overlay);
        List<Ingress> ingresses = manifests.all(Ingress.class);
        Ingress admin = ingresses.stream().filter(ingress -> ingress.getMetadata().getName().equals("headshots-ingest-admin"))
                .findFirst().orElseThrow();
        String adminHost = admin.getSpec().getRules().get(0).getHost();

        assertThat(admin.getSpec().getRules()).singleElement().satisfies(rule -> assertThat(rule.getHttp().getPaths())
                .extracting(HTTPIngressPath::getPath).containsExactly("/admin"));
        assertThat(admin.getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getHosts()).containsExactly(adminHost));
        assertThat(admin.getMetadata().getAnnotations()).containsKey("nginx.ingress.kubernetes.io/whitelist-source-range");
        assertThat(admin.getMetadata().getNamespace()).isEqualTo("headshots");
        assertThat(ingresses).filteredOn(ingress -> ingress != admin)
                .allSatisfy(ingress -> assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> {
                    assertThat(rule.getHost()).as("no public host serves /admin").isNotEqualTo(adminHost);
                    assertThat(rule.getHttp().getPaths()).extracting(HTTPIngressPath::getPath).doesNotContain("/admin");
                }));
        assertThat(IngressTest.NOT_ROUTED).contains("/admin/v1/tenants", "/admin/v1/tenants/{id}/api-keys",
                "/admin/v1/tenants/{id}/signing-secrets");
    }
}
