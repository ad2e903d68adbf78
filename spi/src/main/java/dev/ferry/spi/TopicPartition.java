package dev.ferry.spi;

import java.util.Objects;

/** A partition of a topic, named as Kafka names it. */
public record TopicPartition(String topic, int partition) {

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0: " + partition);
        }
    }

    /** Kafka's directory name for the partition's log: {@code <topic>-<partition>}. */
    public String logDirectoryName() {
        return topic + "-" + partition;
    }

    @Override
    public String toString() {
        return logDirectoryName();
    }
}
