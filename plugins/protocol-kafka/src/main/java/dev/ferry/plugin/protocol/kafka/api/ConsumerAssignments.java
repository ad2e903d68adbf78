package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;

/**
 * Consumer-protocol assignments between the broker, which names topics, and the wire, which gives topic ids. A
 * topic that no longer exists has no id and an id of no topic has no name: both are left out, as Kafka leaves out
 * what its metadata does not know.
 */
final class ConsumerAssignments {

    private ConsumerAssignments() {
    }

    /** The partitions a member says it owns; negative partition numbers, which no topic has, are left out too. */
    static List<TopicPartition> owned(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> owned,
                                      Function<Uuid, Optional<String>> names) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (ConsumerGroupHeartbeatRequestData.TopicPartitions topic : owned) {
            names.apply(topic.topicId()).ifPresent(name -> topic.partitions().stream()
                    .filter(partition -> partition >= 0)
                    .forEach(partition -> partitions.add(new TopicPartition(name, partition))));
        }
        return partitions;
    }

    /** An assignment as a heartbeat response gives it. */
    static ConsumerGroupHeartbeatResponseData.Assignment toHeartbeat(Collection<TopicPartition> partitions,
                                                                     Function<String, Optional<Uuid>> ids) {
        List<ConsumerGroupHeartbeatResponseData.TopicPartitions> topics = new ArrayList<>();
        byTopic(partitions).forEach((name, numbers) -> ids.apply(name).ifPresent(id -> topics.add(
                new ConsumerGroupHeartbeatResponseData.TopicPartitions().setTopicId(id).setPartitions(numbers))));
        return new ConsumerGroupHeartbeatResponseData.Assignment().setTopicPartitions(topics);
    }

    /** An assignment as ConsumerGroupDescribe gives it, with both the id and the name of each topic. */
    static ConsumerGroupDescribeResponseData.Assignment toDescribe(Collection<TopicPartition> partitions,
                                                                   Function<String, Optional<Uuid>> ids) {
        List<ConsumerGroupDescribeResponseData.TopicPartitions> topics = new ArrayList<>();
        byTopic(partitions).forEach((name, numbers) -> ids.apply(name).ifPresent(id -> topics.add(
                new ConsumerGroupDescribeResponseData.TopicPartitions()
                        .setTopicId(id)
                        .setTopicName(name)
                        .setPartitions(numbers))));
        return new ConsumerGroupDescribeResponseData.Assignment().setTopicPartitions(topics);
    }

    private static SortedMap<String, List<Integer>> byTopic(Collection<TopicPartition> partitions) {
        SortedMap<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.stream().sorted(Comparator.comparingInt(TopicPartition::partition))
                .forEach(tp -> byTopic.computeIfAbsent(tp.topic(), topic -> new ArrayList<>()).add(tp.partition()));
        return byTopic;
    }
}
