package dev.ferry.services.broker;

import dev.ferry.spi.TopicPartition;
import java.util.List;

/**
 * A read of several partitions, with Kafka's fetch limits.
 *
 * @param minBytes answer as soon as this many bytes are there
 * @param maxBytes the most bytes over all partitions; the first batch of the first partition with data is
 *     returned even when larger, so a consumer always makes progress
 * @param maxWaitMs how long to wait for {@code minBytes}
 * @param readCommitted Kafka's read_committed isolation: read up to the last stable offset, not the high watermark,
 *     and learn which transactions in the range were aborted
 */
public record FetchQuery(List<PartitionRead> partitions, int minBytes, int maxBytes, long maxWaitMs,
                         boolean readCommitted) {

    public FetchQuery {
        partitions = List.copyOf(partitions);
    }

    /**
     * One partition of a fetch.
     *
     * @param maxBytes the most bytes for this partition (with the same first-batch exception)
     */
    public record PartitionRead(TopicPartition partition, long fetchOffset, int maxBytes) {
    }
}
