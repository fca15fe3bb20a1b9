package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Every object that kustomize renders for the base, the Kafka topics and both overlays parses into fabric8's typed Kubernetes
 * model without a single unrecognised field, and only the known custom resources stay generic, each with the fields its
 * operator requires.
 */
class ManifestsParseTest {

    static final List<String> ALL = Manifests.ALL;

    @ParameterizedTest
    @FieldSource("ALL")
    void builtInKindsParseIntoTheirTypedClassWithoutUnknownFields(String directory) {
        Manifests manifests = Manifests.of(directory);
        assertThat(manifests.all()).as(directory + " renders objects").isNotEmpty();
        for (HasMetadata object : manifests.all()) {
            String id = directory + ": " + object.getKind() + " " + object.getMetadata().getName();
            if (object instanceof GenericKubernetesResource generic) {
                assertThat(Manifests.CUSTOM_KINDS).as(id + " has no typed model; is it a custom resource we expect?")
                        .contains(generic.getApiVersion() + "/" + generic.getKind());
            } else {
                assertThat(UnknownFields.in(object)).as(id + ": fields the Kubernetes API does not know").isEmpty();
            }
            assertThat(object.getMetadata().getName()).as(id).isNotBlank();
            assertThat(object.getMetadata().getNamespace()).as(id + " has a namespace").isNotBlank();
        }
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void everythingButTheTopicsLivesInTheServicesNamespace(String directory) {
        Manifests manifests = Manifests.of(directory);
        assertThat(manifests.all()).filteredOn(object -> !object.getKind().equals("KafkaTopic"))
                .extracting(object -> object.getKind() + " " + object.getMetadata().getName() + " in "
                        + object.getMetadata().getNamespace())
                .allSatisfy(id -> assertThat(id).endsWith(" in headshots"));
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void customResourcesCarryTheFieldsTheirOperatorsRequire(String directory) {
        Manifests manifests = Manifests.of(directory);
        for (GenericKubernetesResource monitor : manifests.custom("ServiceMonitor")) {
            assertThat(monitor.<Map<String, Object>>get("spec", "selector", "matchLabels")).isNotEmpty();
            assertThat(monitor.<List<Object>>get("spec", "endpoints")).isNotEmpty();
            assertThat(monitor.<String>get("spec", "endpoints", 0, "port")).isNotBlank();
            assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isNotBlank();
        }
        for (GenericKubernetesResource rule : manifests.custom("PrometheusRule")) {
            List<Map<String, Object>> rules = rule.get("spec", "groups", 0, "rules");
            assertThat(rules).isNotEmpty().allSatisfy(alert -> assertThat(alert)
                    .containsKeys("alert", "expr", "for", "labels", "annotations"));
        }
        for (GenericKubernetesResource topic : manifests.custom("KafkaTopic")) {
            assertThat(topic.getMetadata().getLabels()).containsKey("strimzi.io/cluster");
            assertThat(topic.<Integer>get("spec", "partitions")).isPositive();
            assertThat(topic.<Integer>get("spec", "replicas")).isPositive();
            assertThat(topic.<Map<String, Object>>get("spec", "config")).containsKeys("retention.ms", "min.insync.replicas");
        }
        for (GenericKubernetesResource scaler : manifests.custom("ScaledObject")) {
            assertThat(scaler.<String>get("spec", "scaleTargetRef", "name")).isNotBlank();
            assertThat(scaler.<List<Object>>get("spec", "triggers")).isNotEmpty();
        }
        for (GenericKubernetesResource secret : manifests.custom("ExternalSecret")) {
            assertThat(secret.<String>get("spec", "secretStoreRef", "name")).isNotBlank();
            assertThat(secret.<String>get("spec", "target", "name")).isNotBlank();
            assertThat(secret.<List<Object>>get("spec", "data")).isNotEmpty();
        }
    }
}
