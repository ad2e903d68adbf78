package dev.ferry.services.broker;

import java.util.Map;
import java.util.UUID;

/**
 * A topic as it exists.
 *
 * @param configs the configuration overrides the topic was created with
 */
public record TopicDescription(String name, UUID topicId, int partitions, int replicationFactor,
                               Map<String, String> configs) {

    public TopicDescription {
        configs = Map.copyOf(configs);
    }

    /** Whether the topic has a partition of this index. */
    public boolean hasPartition(int partition) {
        return partition >= 0 && partition < partitions;
    }

    /** Kafka's rule: topics whose names start with {@code __} are the broker's own. */
    public boolean internal() {
        return name.startsWith("__");
    }
}
