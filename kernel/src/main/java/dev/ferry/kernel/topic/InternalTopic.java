package dev.ferry.kernel.topic;

import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.kernel.partition.PartitionReplay;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.NewTopic;
import dev.ferry.spi.broker.TopicDescription;
import dev.ferry.spi.broker.Topics;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the broker's own topics ({@code __consumer_offsets}, {@code __transaction_state}): created at start when
 * missing, its records kept, and each key's records in the partition its hash picks, as Kafka spreads them.
 */
public final class InternalTopic {

    private static final Logger LOG = LoggerFactory.getLogger(InternalTopic.class);
    private static final Map<String, String> CONFIGS = Map.of(
            "cleanup.policy", "delete",
            "retention.ms", "-1",
            "segment.bytes", "104857600");

    private final String name;
    private final int partitionCount;

    private InternalTopic(String name, int partitionCount) {
        this.name = name;
        this.partitionCount = partitionCount;
    }

    /**
     * Creates the topic with {@code numPartitions} partitions if it is missing. A topic that exists keeps its
     * partition count, since its keys' records are already spread over it.
     *
     * @param partitionsKey the broker key {@code numPartitions} comes from, for the warning when they differ
     */
    public static InternalTopic open(Topics topics, String name, int numPartitions, String partitionsKey) {
        TopicDescription topic = topics.describe(name).orElseGet(() -> topics.create(
                new NewTopic(name, OptionalInt.of(numPartitions), OptionalInt.of(1), CONFIGS), false));
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

    /** Reads every batch of every partition, in order within each; blocking, for the start. */
    public void replay(PartitionManager partitions, BiConsumer<TopicPartition, RecordBatch> batches)
            throws IOException {
        for (int i = 0; i < partitionCount; i++) {
            TopicPartition partition = new TopicPartition(name, i);
            PartitionReplay.readAll(partitions, partition, batch -> batches.accept(partition, batch));
        }
    }
}
