package dev.ferry.spi.assignor;

import java.util.Map;
import java.util.OptionalInt;

/**
 * The topics a group subscribes to, as an assignor sees them.
 *
 * @param partitionCounts the number of partitions of each subscribed topic that exists, by name
 */
public record SubscribedTopics(Map<String, Integer> partitionCounts) {

    public SubscribedTopics {
        partitionCounts = Map.copyOf(partitionCounts);
    }

    /** The topic's number of partitions, or empty when it does not exist. */
    public OptionalInt partitionCount(String topic) {
        Integer count = partitionCounts.get(topic);
        return count == null ? OptionalInt.empty() : OptionalInt.of(count);
    }
}
