package dev.ferry.services.broker;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.LogSlice;
import java.util.List;

/**
 * What a fetch read from one partition.
 *
 * @param error {@link BrokerError#NONE}, or why nothing was read; offsets are -1 when the partition is unknown
 * @param lastStableOffset the first offset of the oldest open transaction, or the high watermark with none open
 * @param abortedTransactions for a read_committed fetch, the aborted transactions whose records the slice may hold;
 *     empty otherwise
 * @param records whole batches from the fetch offset, never past the high watermark (the last stable offset for a
 *     read_committed fetch)
 */
public record FetchedPartition(TopicPartition partition, BrokerError error, long highWatermark,
                               long lastStableOffset, long logStartOffset,
                               List<AbortedTransaction> abortedTransactions, LogSlice records) {

    public FetchedPartition {
        abortedTransactions = List.copyOf(abortedTransactions);
    }

    public static FetchedPartition failed(TopicPartition partition, BrokerError error) {
        return new FetchedPartition(partition, error, -1, -1, -1, List.of(), LogSlice.EMPTY);
    }
}
