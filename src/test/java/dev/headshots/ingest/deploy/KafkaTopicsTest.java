package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.headshots.ingest.callback.Topics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * The KafkaTopic resources declare exactly the topics of {@link Topics}, which include every topic the channels of
 * {@code application.properties} produce to or consume from, on the Strimzi cluster and namespace that
 * {@code KAFKA_BOOTSTRAP_SERVERS} points at, with a {@code min.insync.replicas} that makes {@code acks=all} (set on every
 * outgoing channel: the callbacks and {@code headshots.stored}) mean something and, in prod, survive the loss of one broker.
 */
class KafkaTopicsTest {

    static final List<String> ENVIRONMENTS = Manifests.ENVIRONMENTS;

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void theTopicsAreThoseOfTheCode(String directory) {
        assertThat(topicNames(Manifests.of(directory))).isEqualTo(codeTopics());
    }

    /** {@code deploy/local/stack} creates every topic of the code, and no other, for the local stack and the tests. */
    @Test
    void theLocalStackCreatesTheTopicsOfTheCode() throws IOException {
        Matcher list = Pattern.compile("KAFKA_TOPICS=\\$\\{STACK_KAFKA_TOPICS:-\"([^\"]+)\"}")
                .matcher(Files.readString(Path.of("deploy", "local", "stack")));
        assertThat(list.find()).as("the topic list of deploy/local/stack").isTrue();
        Set<String> local = Arrays.stream(list.group(1).split(" ")).map(spec -> spec.substring(0, spec.indexOf(':')))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(local).isEqualTo(codeTopics()).contains(Topics.LIFECYCLE);
    }

    @Test
    void everyChannelTopicIsOneOfTheCode() {
        Set<String> channelTopics = ServiceConfig.prodKeys().stream()
                .filter(key -> key.matches("mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.(dead-letter-queue\\.)?topic"))
                .map(key -> ServiceConfig.value(key).orElseThrow()).collect(Collectors.toSet());
        assertThat(channelTopics).contains(Topics.CALLBACKS, Topics.CALLBACKS_DLQ, Topics.STORED);
        assertThat(codeTopics()).containsAll(channelTopics);
    }

    @Test
    void everyOutgoingChannelWaitsForTheInSyncReplicas() {
        Set<String> outgoing = ServiceConfig.prodKeys().stream()
                .filter(key -> key.matches("mp\\.messaging\\.outgoing\\.[^.]+\\.topic"))
                .map(key -> key.substring(0, key.length() - ".topic".length())).collect(Collectors.toSet());
        assertThat(outgoing).contains("mp.messaging.outgoing.callbacks-out", "mp.messaging.outgoing.stored-out");
        assertThat(outgoing).allSatisfy(channel -> assertThat(ServiceConfig.value(channel + ".acks")).as(channel)
                .contains("all"));
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void topicsLiveOnTheClusterTheServiceConnectsTo(String directory) {
        Manifests manifests = Manifests.of(directory);
        String bootstrap = manifests.environment().get("KAFKA_BOOTSTRAP_SERVERS");
        // Strimzi's bootstrap Service: <cluster>-kafka-bootstrap.<namespace>.svc[...]:<port>
        String[] host = bootstrap.split(",")[0].split(":")[0].split("\\.");
        assertThat(host[0]).endsWith("-kafka-bootstrap");
        String cluster = host[0].substring(0, host[0].length() - "-kafka-bootstrap".length());
        for (GenericKubernetesResource topic : manifests.custom("KafkaTopic")) {
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster);
            assertThat(topic.getMetadata().getNamespace()).isEqualTo(host[1]);
        }
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void minInsyncReplicasMatchesTheReplication(String directory) {
        for (GenericKubernetesResource topic : Manifests.of(directory).custom("KafkaTopic")) {
            int replicas = topic.<Integer>get("spec", "replicas");
            Map<String, Object> config = topic.get("spec", "config");
            assertThat(config).as(topic.getMetadata().getName()).containsKey("min.insync.replicas");
            int minInsync = Integer.parseInt(String.valueOf(config.get("min.insync.replicas")));
            assertThat(minInsync).as(topic.getMetadata().getName()).isBetween(1, replicas);
            if (directory.endsWith("prod")) {
                assertThat(replicas).as(topic.getMetadata().getName()).isGreaterThanOrEqualTo(3);
                assertThat(minInsync).as(topic.getMetadata().getName()).isEqualTo(replicas - 1);
            }
        }
    }

    static Set<String> topicNames(Manifests manifests) {
        return manifests.custom("KafkaTopic").stream().map(KafkaTopicsTest::topicName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The Kafka topic a KafkaTopic stands for: spec.topicName, else its resource name. */
    static String topicName(GenericKubernetesResource topic) {
        String name = topic.get("spec", "topicName");
        return name != null ? name : topic.getMetadata().getName();
    }

    static int partitions(Manifests manifests, String topicName) {
        return manifests.custom("KafkaTopic").stream().filter(topic -> topicName(topic).equals(topicName)).findFirst()
                .map(topic -> topic.<Integer>get("spec", "partitions"))
                .orElseThrow(() -> new AssertionError(manifests + ": no KafkaTopic " + topicName));
    }

    /** The values of every public String constant of {@link Topics}. */
    static Set<String> codeTopics() {
        return Arrays.stream(Topics.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(KafkaTopicsTest::constant).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String constant(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
