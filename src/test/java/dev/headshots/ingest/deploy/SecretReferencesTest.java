package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * No secret value is kept in the repository: no file under {@code deploy/k8s} declares a {@code Secret}, no rendered output
 * contains one, and every variable whose name says it holds a credential is a {@code secretKeyRef}. In prod, the ExternalSecret
 * produces the very Secret and keys that the Deployment references.
 */
class SecretReferencesTest {

    static final List<String> ALL = Manifests.ALL;

    private static final Pattern CREDENTIAL = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|ACCESS_KEY|KEY_ID|API_KEY|JAAS).*");

    @Test
    void theServicesCredentialsAreRecognisedByName() {
        assertThat(Stream.of("headshots.webhook.secrets", "headshots.webhook.signing-secrets",
                "headshots.webhook.runflow-signing-secrets", "headshots.api.keys", "headshots.runflow.api-key",
                "quarkus.datasource.password", "quarkus.s3.aws.credentials.static-provider.secret-access-key")
                .map(ServiceConfig::environmentName))
                .allMatch(name -> CREDENTIAL.matcher(name).matches());
        assertThat(CREDENTIAL.matcher(ServiceConfig.environmentName("headshots.runflow.base-url")).matches()).isFalse();
    }

    @Test
    void noManifestFileDeclaresASecret() throws IOException {
        try (Stream<Path> files = Files.walk(Kustomize.K8S)) {
            List<Path> withSecrets = files.filter(file -> file.toString().endsWith(".yaml"))
                    .filter(file -> read(file).lines().anyMatch(line -> line.matches("^kind:\\s*Secret\\s*$")))
                    .toList();
            assertThat(withSecrets).isEmpty();
        }
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void noRenderedSecretAndCredentialsComeFromSecretRefs(String directory) {
        Manifests manifests = Manifests.of(directory);
        assertThat(manifests.all(Secret.class)).isEmpty();
        if (manifests.all(Deployment.class).isEmpty()) {
            return;
        }
        for (EnvVar variable : manifests.container().getEnv()) {
            if (CREDENTIAL.matcher(variable.getName()).matches()) {
                assertThat(variable.getValueFrom()).as(variable.getName()).isNotNull();
                assertThat(variable.getValueFrom().getSecretKeyRef()).as(variable.getName()).isNotNull();
            }
        }
        manifests.container().getEnvFrom().forEach(source -> assertThat(manifests.configMap(
                source.getConfigMapRef().getName()).getData().keySet())
                .noneMatch(key -> CREDENTIAL.matcher(key).matches()));
    }

    @Test
    void theProdExternalSecretProducesEveryReferencedKey() {
        Manifests prod = Manifests.of("overlays/prod");
        GenericKubernetesResource external = prod.oneCustom("ExternalSecret");
        List<Map<String, Object>> data = external.get("spec", "data");
        Set<String> produced = data.stream().map(entry -> (String) entry.get("secretKey"))
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> referencedSecrets = new TreeSet<>();
        Set<String> referencedKeys = new TreeSet<>();
        prod.container().getEnv().stream().filter(variable -> variable.getValueFrom() != null)
                .map(variable -> variable.getValueFrom().getSecretKeyRef()).forEach(ref -> {
                    referencedSecrets.add(ref.getName());
                    referencedKeys.add(ref.getKey());
                });
        assertThat(referencedSecrets).containsExactly(external.<String>get("spec", "target", "name"));
        assertThat(produced).isEqualTo(referencedKeys);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
