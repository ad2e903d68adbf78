package dev.ferry.services.broker;

import java.util.Map;
import java.util.OptionalInt;

/**
 * A request to create a topic.
 *
 * @param partitions empty for the broker's default ({@code num.partitions})
 * @param replicationFactor empty for the broker's default ({@code default.replication.factor})
 * @param configs topic configuration overrides with Kafka's key names
 */
public record NewTopic(String name, OptionalInt partitions, OptionalInt replicationFactor,
                       Map<String, String> configs) {

    public NewTopic {
        configs = Map.copyOf(configs);
    }

    /** A topic with every setting at the broker's default. */
    public static NewTopic withDefaults(String name) {
        return new NewTopic(name, OptionalInt.empty(), OptionalInt.empty(), Map.of());
    }
}
