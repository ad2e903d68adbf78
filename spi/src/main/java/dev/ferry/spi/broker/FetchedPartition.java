package dev.ferry.spi.broker;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.LogSlice;

/**
 * What a fetch read from one partition.
 *
 * @param error {@link BrokerError#NONE}, or why nothing was read; offsets are -1 when the partition is unknown
 * @param records whole batches from the fetch offset, never past the high watermark
 */
public record FetchedPartition(TopicPartition partition, BrokerError error, long highWatermark,
                               long logStartOffset, LogSlice records) {

    public static FetchedPartition failed(TopicPartition partition, BrokerError error) {
        return new FetchedPartition(partition, error, -1, -1, LogSlice.EMPTY);
    }
}
