package dev.ferry.kernel.coordinator;

import dev.ferry.coordinator.runtime.CoordinatorLog;
import dev.ferry.coordinator.runtime.CoordinatorShard;
import dev.ferry.kernel.partition.ControlBatches;
import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.kernel.partition.PartitionReplay;
import dev.ferry.services.broker.Acks;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.spi.TopicPartition;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordinator's internal topic on this broker's partitions. Alone in its in-sync replica set, the broker commits
 * an append as it writes it, so a record is committed as soon as {@link #append} returns.
 */
public final class PartitionCoordinatorLog<R> implements CoordinatorLog<R> {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionCoordinatorLog.class);

    private final PartitionManager partitions;
    private final RecordCodec<R> codec;

    public PartitionCoordinatorLog(PartitionManager partitions, RecordCodec<R> codec) {
        this.partitions = partitions;
        this.codec = codec;
    }

    @Override
    public long append(TopicPartition partition, ProducerIdAndEpoch producer, long timestampMs, List<R> records) {
        try {
            return partitions.append(partition, codec.batch(records, timestampMs, producer), Acks.ALL,
                    Optional.empty()).join().baseOffset();
        } catch (CompletionException e) {
            throw e.getCause() instanceof BrokerException broker ? broker
                    : new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "Appending to " + partition + " failed",
                    e.getCause());
        }
    }

    @Override
    public CompletableFuture<Void> committed(TopicPartition partition, long offset) {
        return CompletableFuture.completedFuture(null);
    }

    /** Replays every batch up to the high watermark. */
    @Override
    public void load(TopicPartition partition, CoordinatorShard<R> shard) throws IOException {
        PartitionReplay.readAll(partitions, partition, batch -> replay(partition, batch, codec, shard));
    }

    /**
     * Replays one batch of a coordinator's partition into its shard: a transaction marker, or the records; a record
     * that cannot be read is logged and skipped.
     */
    public static <R> void replay(TopicPartition partition, RecordBatch batch, RecordCodec<R> codec,
                                  CoordinatorShard<R> shard) {
        if (batch.isControlBatch()) {
            ControlBatches.transactionMarker(batch).ifPresent(marker -> shard.replayTransactionEnd(
                    batch.producerId(), marker.controlType() == ControlRecordType.COMMIT));
            return;
        }
        long producerId = batch.isTransactional() ? batch.producerId() : RecordBatch.NO_PRODUCER_ID;
        for (Record record : batch) {
            try {
                codec.decode(record.key(), record.value())
                        .ifPresent(read -> shard.replay(record.offset(), producerId, read));
            } catch (IllegalArgumentException e) {
                LOG.warn("Skipping record {} of {}: {}", record.offset(), partition, e.getMessage());
            }
        }
    }
}
