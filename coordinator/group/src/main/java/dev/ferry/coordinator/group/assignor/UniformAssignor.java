package dev.ferry.coordinator.group.assignor;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kafka's {@code uniform} assignor, the default: it spreads the partitions of all subscribed topics over the members
 * as evenly as their subscriptions allow, and keeps each member's current partitions wherever balance permits, so
 * that a change of membership moves few partitions.
 *
 * <p>In three steps: every member keeps the current partitions it still subscribes to; the partitions nobody kept
 * go one by one to the least loaded of their subscribers, topics with the fewest subscribers first; then partitions
 * move from a member to a subscriber holding at least two fewer, until no such move is left. When every member
 * subscribes to the same topics, the counts of any two members then differ by at most one.
 */
public final class UniformAssignor implements PartitionAssignor {

    public static final String NAME = "uniform";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GroupAssignment assign(GroupSpec group, SubscribedTopics topics) {
        SortedMap<String, List<String>> subscribers = TopicSubscribers.byTopic(group, topics);
        Map<String, List<TopicPartition>> owned = new TreeMap<>();
        group.members().keySet().forEach(memberId -> owned.put(memberId, new ArrayList<>()));
        Set<TopicPartition> taken = keepCurrent(group, topics, subscribers, owned);
        handOutTheRest(topics, subscribers, owned, taken);
        balance(subscribers, owned);
        return toAssignment(owned);
    }

    private static Set<TopicPartition> keepCurrent(GroupSpec group, SubscribedTopics topics,
                                                   Map<String, List<String>> subscribers,
                                                   Map<String, List<TopicPartition>> owned) {
        Set<TopicPartition> taken = new HashSet<>();
        owned.forEach((memberId, mine) -> new TreeMap<>(group.members().get(memberId).currentAssignment())
                .forEach((topic, partitions) -> {
                    if (!subscribers.getOrDefault(topic, List.of()).contains(memberId)) {
                        return;
                    }
                    int count = topics.partitionCount(topic).orElseThrow();
                    for (int partition : new TreeSet<>(partitions)) {
                        TopicPartition topicPartition = new TopicPartition(topic, partition);
                        if (partition < count && taken.add(topicPartition)) {
                            mine.add(topicPartition);
                        }
                    }
                }));
        return taken;
    }

    private static void handOutTheRest(SubscribedTopics topics, SortedMap<String, List<String>> subscribers,
                                       Map<String, List<TopicPartition>> owned, Set<TopicPartition> taken) {
        List<String> mostConstrainedFirst = new ArrayList<>(subscribers.keySet());
        mostConstrainedFirst.sort(Comparator.comparingInt(topic -> subscribers.get(topic).size()));
        for (String topic : mostConstrainedFirst) {
            int count = topics.partitionCount(topic).orElseThrow();
            for (int partition = 0; partition < count; partition++) {
                TopicPartition topicPartition = new TopicPartition(topic, partition);
                if (!taken.contains(topicPartition)) {
                    owned.get(leastLoaded(subscribers.get(topic), owned)).add(topicPartition);
                }
            }
        }
    }

    /** Each move lowers the sum of the squared loads, so the loop ends. */
    private static void balance(Map<String, List<String>> subscribers, Map<String, List<TopicPartition>> owned) {
        List<String> members = new ArrayList<>(owned.keySet());
        boolean moved = true;
        while (moved) {
            moved = false;
            members.sort(Comparator.comparingInt((String memberId) -> owned.get(memberId).size()).reversed());
            for (String loaded : members) {
                moved = moveOneAway(loaded, subscribers, owned);
                if (moved) {
                    break;
                }
            }
        }
    }

    /** Moves the member's most recently added partition that a subscriber with at least two fewer can take. */
    private static boolean moveOneAway(String loaded, Map<String, List<String>> subscribers,
                                       Map<String, List<TopicPartition>> owned) {
        List<TopicPartition> mine = owned.get(loaded);
        for (int i = mine.size() - 1; i >= 0; i--) {
            String light = leastLoaded(subscribers.get(mine.get(i).topic()), owned);
            if (owned.get(light).size() < mine.size() - 1) {
                owned.get(light).add(mine.remove(i));
                return true;
            }
        }
        return false;
    }

    private static String leastLoaded(List<String> candidates, Map<String, List<TopicPartition>> owned) {
        String least = candidates.get(0);
        for (String candidate : candidates) {
            if (owned.get(candidate).size() < owned.get(least).size()) {
                least = candidate;
            }
        }
        return least;
    }

    private static GroupAssignment toAssignment(Map<String, List<TopicPartition>> owned) {
        Map<String, Map<String, Set<Integer>>> assignment = new HashMap<>();
        owned.forEach((memberId, partitions) -> partitions.forEach(partition -> assignment
                .computeIfAbsent(memberId, m -> new HashMap<>())
                .computeIfAbsent(partition.topic(), t -> new TreeSet<>())
                .add(partition.partition())));
        return new GroupAssignment(assignment);
    }
}
