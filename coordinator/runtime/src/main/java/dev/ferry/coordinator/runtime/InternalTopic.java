package dev.ferry.coordinator.runtime;

import dev.ferry.services.broker.NewTopic;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.broker.Topics;
import dev.ferry.spi.TopicPartition;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the broker's own topics ({@code __consumer_offsets}, {@code __transaction_state}): created at start when
 * missing, compacted as Kafka's are (the latest record of each key stays), and each key's records in the partition
 * its hash picks, as Kafka spreads them.
 */
public final class InternalTopic {

    private static final Logger LOG = LoggerFactory.getLogger(InternalTopic.class);

    private final String name;
    private final int partitionCount;

    /** The topic as it is: its name and its partition count. */
    public InternalTopic(String name, int partitionCount) {
        this.name = name;
        this.partitionCount = partitionCount;
    }

    /** Kafka's configs of its internal topics: compacted, with their own segment size. */
    public static Map<String, String> configs(int segmentBytes) {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(segmentBytes));
    }

    /**
     * Creates the topic with {@code numPartitions} partitions and {@code configs} if it is missing. A topic that
     * exists keeps its partition count, since its keys' records are already spread over it.
     *
     * @param partitionsKey the broker key {@code numPartitions} comes from, for the warning when they differ
     */
    public static InternalTopic open(Topics topics, String name, int numPartitions, String partitionsKey,
                                     Map<String, String> configs) {
        TopicDescription topic = topics.describe(name).orElseGet(() -> topics.create(
                new NewTopic(name, OptionalInt.of(numPartitions), OptionalInt.of(1), configs), false));
        if (topic.partitions() != numPartitions) {
            LOG.warn("{} has {} partitions, not the {} of {}; keeping {}", name, topic.partitions(), numPartitions,
                    partitionsKey, topic.partitions());
        }
        return new InternalTopic(name, topic.partitions());
    }

    public int partitionCount() {
        return partitionCount;
    }

    /** The partition that holds a key's records. */
    public TopicPartition partitionFor(String key) {
        return new TopicPartition(name, Utils.abs(key.hashCode()) % partitionCount);
    }
}
