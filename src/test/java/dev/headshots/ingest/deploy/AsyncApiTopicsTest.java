package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.headshots.ingest.support.EventSchemas;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * The AsyncAPI document ({@code META-INF/resources/asyncapi.yaml}, validated by {@code deploy/asyncapi/validate} in
 * {@code .ci/run}) describes exactly the topics the service uses: its channels' addresses are the topics of
 * {@code callback/Topics}, which are those of {@code deploy/k8s/kafka} ({@link KafkaTopicsTest}), with the partitions and
 * retention declared there; a channel marked {@code x-headshots-planned} is one the code does not use yet. Every event type
 * with a data schema is a message of the document, whose payload refers to that schema file, and every message carries the
 * headers {@code content-type}, {@code tenant-id} and {@code traceparent}.
 */
class AsyncApiTopicsTest {

    static final Path DOCUMENT = Path.of("src", "main", "resources", "META-INF", "resources", "asyncapi.yaml");
    static final String PLANNED = "x-headshots-planned";
    private static final JsonNode ASYNCAPI = read();

    @Test
    void itIsAnAsyncApi3Document() {
        assertThat(ASYNCAPI.path("asyncapi").asText()).startsWith("3.");
    }

    @Test
    void theChannelsAreTheTopicsOfTheCodeAndOfTheManifests() {
        Set<String> current = addresses(false);
        assertThat(current).isEqualTo(KafkaTopicsTest.codeTopics());
        assertThat(current).isEqualTo(KafkaTopicsTest.topicNames(Manifests.of("kafka")));
    }

    @Test
    void aPlannedChannelIsNotInTheCodeYet() {
        assertThat(addresses(true)).allSatisfy(address -> assertThat(KafkaTopicsTest.codeTopics())
                .as(address + " is in callback/Topics now: remove " + PLANNED + " from its channel in " + DOCUMENT)
                .doesNotContain(address));
    }

    @Test
    void eachChannelStatesThePartitionsAndRetentionOfItsKafkaTopic() {
        Manifests kafka = Manifests.of("kafka");
        for (JsonNode channel : channels(false)) {
            String address = channel.path("address").asText();
            JsonNode binding = channel.path("bindings").path("kafka");
            assertThat(binding.path("topic").asText()).as(address).isEqualTo(address);
            GenericKubernetesResource topic = kafka.custom("KafkaTopic").stream()
                    .filter(resource -> KafkaTopicsTest.topicName(resource).equals(address)).findFirst().orElseThrow();
            assertThat(binding.path("partitions").asInt()).as(address).isEqualTo(KafkaTopicsTest.partitions(kafka, address));
            Map<String, Object> config = topic.get("spec", "config");
            assertThat(binding.path("topicConfiguration").path("retention.ms").asText()).as(address + " retention.ms")
                    .isEqualTo(String.valueOf(config.get("retention.ms")));
        }
    }

    @Test
    void everyEventTypeIsAMessageWhosePayloadRefersToItsSchema() {
        Map<String, JsonNode> messages = messagesByName();
        assertThat(EventSchemas.types()).allSatisfy(type -> {
            assertThat(messages).as("a message named " + type).containsKey(type);
            assertThat(messages.get(type).path("payload").toString()).contains("./schemas/" + type + ".json")
                    .contains("./schemas/" + EventSchemas.ENVELOPE);
        });
    }

    @Test
    void everyMessageDescribesTheThreeHeaders() {
        JsonNode schemas = ASYNCAPI.path("components").path("schemas");
        for (JsonNode message : messagesByName().values()) {
            String headers = message.path("headers").toString();
            List<String> names = new ArrayList<>();
            for (String reference : List.of("RecordHeaders", "CloudEventRecordHeaders")) {
                if (headers.contains("#/components/schemas/" + reference)) {
                    schemas.path(reference).path("properties").fieldNames().forEachRemaining(names::add);
                }
            }
            assertThat(names).as(message.path("name").asText()).contains("content-type", "tenant-id", "traceparent");
        }
    }

    private static Set<String> addresses(boolean planned) {
        return channels(planned).stream().map(channel -> channel.path("address").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<JsonNode> channels(boolean planned) {
        List<JsonNode> channels = new ArrayList<>();
        ASYNCAPI.path("channels").forEach(channel -> {
            if (channel.path(PLANNED).asBoolean(false) == planned) {
                channels.add(channel);
            }
        });
        return channels;
    }

    private static Map<String, JsonNode> messagesByName() {
        Map<String, JsonNode> messages = new java.util.TreeMap<>();
        ASYNCAPI.path("components").path("messages").forEach(message -> messages.put(message.path("name").asText(), message));
        return messages;
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(DOCUMENT));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
