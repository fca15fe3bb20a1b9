package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.headshots.ingest.callback.Topics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Each environment has exactly one autoscaler for the Deployment (the CPU HorizontalPodAutoscaler, or in prod the KEDA
 * ScaledObject that replaces it), never more replicas than the callbacks topic has partitions, since a consumer without a
 * partition adds no copy throughput, and KEDA watches the service's own consumer group and topic. The PodDisruptionBudget
 * selects the pods and lets a drain proceed one pod at a time.
 */
class ScalingTest {

    static final List<String> ENVIRONMENTS = Manifests.ENVIRONMENTS;

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void oneAutoscalerBoundedByThePartitionCount(String directory) {
        Manifests manifests = Manifests.of(directory);
        List<HorizontalPodAutoscaler> hpas = manifests.all(HorizontalPodAutoscaler.class);
        List<GenericKubernetesResource> scaledObjects = manifests.custom("ScaledObject");
        assertThat(hpas.size() + scaledObjects.size()).as(directory + ": autoscalers").isEqualTo(1);

        String deployment = manifests.deployment().getMetadata().getName();
        int partitions = KafkaTopicsTest.partitions(manifests, Topics.CALLBACKS);
        int min;
        int max;
        if (hpas.isEmpty()) {
            GenericKubernetesResource scaler = scaledObjects.get(0);
            assertThat(scaler.<String>get("spec", "scaleTargetRef", "name")).isEqualTo(deployment);
            min = scaler.<Integer>get("spec", "minReplicaCount");
            max = scaler.<Integer>get("spec", "maxReplicaCount");
        } else {
            HorizontalPodAutoscaler hpa = hpas.get(0);
            assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment);
            min = hpa.getSpec().getMinReplicas();
            max = hpa.getSpec().getMaxReplicas();
        }
        assertThat(min).isBetween(1, max);
        int consumersPerPod = Integer.parseInt(ServiceConfig.value("mp.messaging.incoming.callbacks.concurrency", "1"));
        assertThat(max * consumersPerPod).as("consumers at maxReplicas (%d pods x %d) against the %d partitions of %s: a"
                + " consumer without a partition sits idle", max, consumersPerPod, partitions, Topics.CALLBACKS)
                .isLessThanOrEqualTo(partitions);
        assertThat(manifests.deployment().getSpec().getReplicas()).as("the autoscaler owns the replica count").isNull();
        if (directory.endsWith("prod")) {
            assertThat(min).as("prod keeps two replicas for the webhook's availability").isGreaterThanOrEqualTo(2);
        }
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void kedaWatchesTheServicesOwnConsumerGroup(String directory) {
        Manifests manifests = Manifests.of(directory);
        for (GenericKubernetesResource scaler : manifests.custom("ScaledObject")) {
            List<Map<String, Object>> triggers = scaler.get("spec", "triggers");
            assertThat(triggers).extracting(trigger -> trigger.get("type")).containsExactlyInAnyOrder("cpu", "kafka");
            @SuppressWarnings("unchecked")
            Map<String, Object> kafka = (Map<String, Object>) triggers.stream()
                    .filter(trigger -> trigger.get("type").equals("kafka")).findFirst().orElseThrow().get("metadata");
            assertThat(kafka.get("consumerGroup")).isEqualTo(
                    ServiceConfig.value("mp.messaging.incoming.callbacks.group.id").orElseThrow());
            assertThat(kafka.get("topic")).isEqualTo(ServiceConfig.value("mp.messaging.incoming.callbacks.topic").orElseThrow())
                    .isEqualTo(Topics.CALLBACKS);
            assertThat(kafka.get("bootstrapServers")).isEqualTo(manifests.environment().get("KAFKA_BOOTSTRAP_SERVERS"));
            assertThat(kafka.get("allowIdleConsumers")).isEqualTo("false");
        }
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void theDisruptionBudgetSelectsThePodsAndAllowsDrains(String directory) {
        Manifests manifests = Manifests.of(directory);
        PodDisruptionBudget budget = manifests.one(PodDisruptionBudget.class);
        assertThat(manifests.deployment().getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMinAvailable()).as("minAvailable would block drains of a single replica").isNull();
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }
}
