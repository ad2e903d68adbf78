package dev.ferry.coordinator.group.assignor;

import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Who subscribes to what, in the order the built-in assignors hand out partitions in. */
final class TopicSubscribers {

    private TopicSubscribers() {
    }

    /** For each subscribed topic that exists, by name, the ids of its subscribers in ascending order. */
    static SortedMap<String, List<String>> byTopic(GroupSpec group, SubscribedTopics topics) {
        SortedMap<String, List<String>> subscribers = new TreeMap<>();
        for (String memberId : new TreeMap<>(group.members()).keySet()) {
            for (String topic : group.members().get(memberId).subscribedTopics()) {
                if (topics.partitionCount(topic).isPresent()) {
                    subscribers.computeIfAbsent(topic, t -> new ArrayList<>()).add(memberId);
                }
            }
        }
        return subscribers;
    }
}
