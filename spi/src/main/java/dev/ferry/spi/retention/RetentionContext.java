package dev.ferry.spi.retention;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.SegmentInfo;
import java.util.List;
import java.util.Map;

/**
 * What a retention policy sees of one partition.
 *
 * @param topicConfig the topic's effective config: its overrides over the broker's defaults, with Kafka's keys
 *     ({@code retention.ms}, {@code retention.bytes}...) and any key the policy declared
 * @param segments the log's segments, oldest first; the last is the active one, which is never deleted
 * @param nowMs the time of this check, in epoch milliseconds
 */
public record RetentionContext(TopicPartition partition, Map<String, String> topicConfig, long logStartOffset,
                               List<SegmentInfo> segments, long nowMs) {

    public RetentionContext {
        topicConfig = Map.copyOf(topicConfig);
        segments = List.copyOf(segments);
    }

    /** The sum of the segments' sizes. */
    public long sizeInBytes() {
        return segments.stream().mapToLong(SegmentInfo::sizeInBytes).sum();
    }

    /** A topic config value as a long, or the fallback when the topic has none. */
    public long longConfig(String key, long fallback) {
        String value = topicConfig.get(key);
        return value == null ? fallback : Long.parseLong(value.trim());
    }
}
