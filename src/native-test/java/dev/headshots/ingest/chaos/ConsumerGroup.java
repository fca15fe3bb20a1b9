package dev.headshots.ingest.chaos;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * The run's own callbacks topic and consumer group, as {@code TwoInstancesIT} keeps them: one partition per consumer of the
 * group, so that a stable group has every consumer owning exactly one partition.
 */
record ConsumerGroup(String topic, String group, int partitions) {

    private static final String BOOTSTRAP = "127.0.0.1:19092";

    /** Creates the topic, or adds partitions to one an older run left with fewer. */
    void createTopic() throws Exception {
        try (Admin admin = admin()) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            } else if (admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .size() < partitions) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all().get();
            }
        }
    }

    /** True once the group is stable with one member per partition, each owning one partition of the topic. */
    boolean isStable() throws Exception {
        try (Admin admin = admin()) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            Set<TopicPartition> owned = description.members().stream()
                    .flatMap(member -> member.assignment().topicPartitions().stream())
                    .collect(Collectors.toSet());
            return description.groupState() == GroupState.STABLE
                    && description.members().size() == partitions
                    && description.members().stream().allMatch(member -> member.assignment().topicPartitions().size() == 1)
                    && owned.size() == partitions;
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }
}
