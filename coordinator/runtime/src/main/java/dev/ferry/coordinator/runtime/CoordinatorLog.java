package dev.ferry.coordinator.runtime;

import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.spi.TopicPartition;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The partitions of an internal topic as a coordinator sees them: where its records go and where its state is
 * loaded from. The broker implements it over its partitions, with the records' serialization.
 *
 * @param <R> the records
 */
public interface CoordinatorLog<R> {

    /**
     * Appends the records as one batch to the partition's local log, called on the runtime's thread for the
     * partition.
     *
     * @param producer the transactional producer writing them, or {@link ProducerIdAndEpoch#NONE}
     * @return the offset of the first record
     * @throws dev.ferry.services.broker.BrokerException when the append is refused or fails; nothing was appended
     */
    long append(TopicPartition partition, ProducerIdAndEpoch producer, long timestampMs, List<R> records);

    /** Completes once the partition's records up to {@code offset} are committed (below its high watermark). */
    CompletableFuture<Void> committed(TopicPartition partition, long offset);

    /** Reads the partition's whole log in order into {@code shard}: its records and transaction markers. */
    void load(TopicPartition partition, CoordinatorShard<R> shard) throws IOException;
}
