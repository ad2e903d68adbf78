package dev.ferry.coordinator.group.assignor;

import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kafka's server-side {@code range} assignor: each topic's partitions are split into contiguous ranges over its
 * subscribers in member id order, the first {@code partitions % subscribers} getting one more. Members that
 * subscribe to the same co-partitioned topics get the same partition numbers of each.
 *
 * <p>It is sticky as Kafka's is: a member first keeps the lowest of its current partitions up to its share (and one
 * more while extra partitions remain), and only the partitions left over are dealt out in ranges.
 */
public final class RangeAssignor implements PartitionAssignor {

    public static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GroupAssignment assign(GroupSpec group, SubscribedTopics topics) {
        Map<String, Map<String, Set<Integer>>> assignment = new HashMap<>();
        TopicSubscribers.byTopic(group, topics).forEach((topic, subscribers) -> {
            int partitions = topics.partitionCount(topic).orElseThrow();
            assignTopic(group, topic, partitions, subscribers).forEach((memberId, owned) ->
                    assignment.computeIfAbsent(memberId, m -> new HashMap<>()).put(topic, owned));
        });
        return new GroupAssignment(assignment);
    }

    private static Map<String, Set<Integer>> assignTopic(GroupSpec group, String topic, int partitions,
                                                         List<String> subscribers) {
        int quota = partitions / subscribers.size();
        int extras = partitions % subscribers.size();
        Map<String, Set<Integer>> owned = new HashMap<>();
        Set<Integer> kept = new HashSet<>();
        List<String> unfilled = new ArrayList<>();
        Map<String, Integer> missing = new HashMap<>();
        for (String memberId : subscribers) {
            List<Integer> current = new ArrayList<>();
            for (int partition : new TreeSet<>(group.members().get(memberId).currentAssignment()
                    .getOrDefault(topic, Set.of()))) {
                if (partition < partitions && !kept.contains(partition)) {
                    current.add(partition);
                }
            }
            int keep = Math.min(current.size(), quota);
            if (current.size() > quota && extras > 0) {
                extras--;
                keep++;
            } else {
                unfilled.add(memberId);
                missing.put(memberId, quota - keep);
            }
            Set<Integer> mine = owned.computeIfAbsent(memberId, m -> new TreeSet<>());
            mine.addAll(current.subList(0, keep));
            kept.addAll(mine);
        }
        int next = 0;
        for (String memberId : unfilled) {
            int count = missing.get(memberId);
            if (extras > 0) {
                extras--;
                count++;
            }
            for (int i = 0; i < count; i++) {
                while (kept.contains(next)) {
                    next++;
                }
                owned.get(memberId).add(next++);
            }
        }
        owned.values().removeIf(Set::isEmpty);
        return owned;
    }
}
