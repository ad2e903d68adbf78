package dev.ferry.coordinator.group.consumer;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.MemberSpec;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.assignor.PartitionAssignorException;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Runs a group's assignor and checks its answer against the SPI's rules (only subscribed topics, existing
 * partitions, at most one member per partition): an assignor that breaks them would leave members waiting forever
 * for partitions that never come free.
 */
final class TargetAssignmentBuilder {

    private TargetAssignmentBuilder() {
    }

    /**
     * @param members the group's members as they will be, by member id
     * @param topics the existing topics the members subscribe to
     * @param previous the current target, which the assignor sees as each member's current assignment
     * @throws BrokerException {@link BrokerError#UNKNOWN_SERVER_ERROR} when the assignor fails; the group keeps
     *     its target
     */
    static TargetAssignment build(String groupId, int epoch, PartitionAssignor assignor,
                                  Map<String, ConsumerGroupMember> members, SubscriptionResolver resolver,
                                  Map<String, TopicMetadata> topics, TargetAssignment previous) {
        Map<String, MemberSpec> specs = new HashMap<>();
        members.forEach((memberId, member) -> specs.put(memberId, new MemberSpec(member.instanceId(),
                member.rackId(), resolver.existingTopics(member), byTopic(previous.of(memberId)))));
        Map<String, Integer> partitionCounts = new HashMap<>();
        topics.forEach((topic, metadata) -> partitionCounts.put(topic, metadata.partitions()));
        try {
            GroupAssignment assignment = assignor.assign(new GroupSpec(groupId, specs),
                    new SubscribedTopics(partitionCounts));
            return new TargetAssignment(epoch, checked(assignor, assignment, specs, partitionCounts));
        } catch (RuntimeException e) {
            throw new BrokerException(BrokerError.UNKNOWN_SERVER_ERROR, "Failed to compute a new target assignment"
                    + " for epoch " + epoch + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Set<TopicPartition>> checked(PartitionAssignor assignor, GroupAssignment assignment,
                                                            Map<String, MemberSpec> specs,
                                                            Map<String, Integer> partitionCounts) {
        Map<String, Set<TopicPartition>> target = new HashMap<>();
        Set<TopicPartition> assigned = new HashSet<>();
        assignment.members().forEach((memberId, byTopic) -> {
            MemberSpec spec = specs.get(memberId);
            if (spec == null) {
                throw broken(assignor, "it assigned partitions to " + memberId + ", which is not a member");
            }
            Set<TopicPartition> share = new HashSet<>();
            byTopic.forEach((topic, partitions) -> {
                if (!partitions.isEmpty() && !spec.subscribedTopics().contains(topic)) {
                    throw broken(assignor, "it assigned " + topic + " to " + memberId + ", which does not subscribe"
                            + " to it");
                }
                int count = partitionCounts.getOrDefault(topic, 0);
                for (int partition : partitions) {
                    if (partition < 0 || partition >= count) {
                        throw broken(assignor, "it assigned " + topic + "-" + partition + ", which does not exist");
                    }
                    TopicPartition topicPartition = new TopicPartition(topic, partition);
                    if (!assigned.add(topicPartition)) {
                        throw broken(assignor, "it assigned " + topicPartition + " to two members");
                    }
                    share.add(topicPartition);
                }
            });
            target.put(memberId, share);
        });
        return target;
    }

    private static PartitionAssignorException broken(PartitionAssignor assignor, String what) {
        return new PartitionAssignorException("the " + assignor.name() + " assignor broke its contract: " + what);
    }

    private static Map<String, Set<Integer>> byTopic(Set<TopicPartition> partitions) {
        Map<String, Set<Integer>> byTopic = new HashMap<>();
        partitions.forEach(partition -> byTopic.computeIfAbsent(partition.topic(), t -> new HashSet<>())
                .add(partition.partition()));
        return byTopic;
    }
}
