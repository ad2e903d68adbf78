package dev.ferry.spi.retention;

import dev.ferry.spi.TopicPartition;
import java.util.Map;

/**
 * What a {@link CompactionPolicy} knows of the log it cleans.
 *
 * @param topicConfig the topic's effective config: its overrides over the broker's defaults, with Kafka's keys
 *     ({@code delete.retention.ms}, {@code min.compaction.lag.ms}...) and any key the policy declared
 * @param firstDirtyOffset where the records not yet seen by a cleaning start: the first offset
 *     {@link Compaction#observe} is shown
 * @param memoryBytes how much memory the state of this compaction may take: the broker's
 *     {@code log.cleaner.dedupe.buffer.size} shared among its {@code log.cleaner.threads}
 * @param nowMs the time of this cleaning, in epoch milliseconds
 */
public record CompactionContext(TopicPartition partition, Map<String, String> topicConfig, long firstDirtyOffset,
                                long memoryBytes, long nowMs) {

    public CompactionContext {
        topicConfig = Map.copyOf(topicConfig);
    }

    /** A topic config value as a long, or the fallback when the topic has none. */
    public long longConfig(String key, long fallback) {
        String value = topicConfig.get(key);
        return value == null ? fallback : Long.parseLong(value.trim());
    }
}
