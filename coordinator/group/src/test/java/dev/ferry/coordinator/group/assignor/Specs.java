package dev.ferry.coordinator.group.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.MemberSpec;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Groups as assignors see them, and the checks every assignment must pass. */
final class Specs {

    private Specs() {
    }

    static MemberSpec subscribing(String... topics) {
        return new MemberSpec(Optional.empty(), Optional.empty(), Set.of(topics), Map.of());
    }

    static GroupSpec group(Map<String, MemberSpec> members) {
        return new GroupSpec("g", members);
    }

    /** The same group with each member's share of {@code previous} as its current assignment. */
    static GroupSpec after(GroupSpec group, GroupAssignment previous) {
        Map<String, MemberSpec> members = new HashMap<>();
        group.members().forEach((memberId, member) -> members.put(memberId, new MemberSpec(member.groupInstanceId(),
                member.rackId(), member.subscribedTopics(), previous.members().getOrDefault(memberId, Map.of()))));
        return group(members);
    }

    static Set<TopicPartition> share(GroupAssignment assignment, String memberId) {
        Set<TopicPartition> share = new HashSet<>();
        assignment.members().getOrDefault(memberId, Map.of()).forEach((topic, partitions) ->
                partitions.forEach(partition -> share.add(new TopicPartition(topic, partition))));
        return share;
    }

    static Map<String, Integer> counts(GroupAssignment assignment, GroupSpec group) {
        Map<String, Integer> counts = new TreeMap<>();
        group.members().keySet().forEach(memberId -> counts.put(memberId, share(assignment, memberId).size()));
        return counts;
    }

    /** Every partition of every subscribed topic goes to exactly one of its subscribers. */
    static void assertEveryPartitionOnce(GroupAssignment assignment, GroupSpec group, SubscribedTopics topics) {
        Map<TopicPartition, String> owners = new HashMap<>();
        for (String memberId : assignment.members().keySet()) {
            for (TopicPartition partition : share(assignment, memberId)) {
                assertTrue(group.members().get(memberId).subscribedTopics().contains(partition.topic()),
                        memberId + " got " + partition + " without subscribing to it");
                String other = owners.put(partition, memberId);
                assertEquals(null, other, partition + " went to " + other + " and " + memberId);
            }
        }
        Set<TopicPartition> expected = new HashSet<>();
        group.members().values().forEach(member -> member.subscribedTopics().forEach(topic ->
                topics.partitionCount(topic).ifPresent(count -> {
                    for (int partition = 0; partition < count; partition++) {
                        expected.add(new TopicPartition(topic, partition));
                    }
                })));
        assertEquals(expected, owners.keySet());
    }

    static List<TopicPartition> partitions(String topic, int... partitions) {
        return java.util.stream.IntStream.of(partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }
}
