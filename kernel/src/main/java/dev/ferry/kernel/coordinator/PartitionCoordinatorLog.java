package dev.ferry.kernel.coordinator;

import dev.ferry.coordinator.runtime.BatchReplay;
import dev.ferry.coordinator.runtime.CoordinatorLog;
import dev.ferry.coordinator.runtime.CoordinatorLogs;
import dev.ferry.coordinator.runtime.CoordinatorShard;
import dev.ferry.coordinator.runtime.RecordCodec;
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

/**
 * A coordinator's internal topic on this broker's partitions. Alone in its in-sync replica set, the broker commits
 * an append as it writes it, so a record is committed as soon as {@link #append} returns.
 */
public final class PartitionCoordinatorLog<R> implements CoordinatorLog<R> {

    private final PartitionManager partitions;
    private final RecordCodec<R> codec;

    public PartitionCoordinatorLog(PartitionManager partitions, RecordCodec<R> codec) {
        this.partitions = partitions;
        this.codec = codec;
    }

    /** Opens a coordinator's internal topic on these partitions. */
    public static CoordinatorLogs on(PartitionManager partitions) {
        return new CoordinatorLogs() {
            @Override
            public <R> CoordinatorLog<R> open(RecordCodec<R> codec) {
                return new PartitionCoordinatorLog<>(partitions, codec);
            }
        };
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
        PartitionReplay.readAll(partitions, partition, batch -> BatchReplay.replay(partition, batch, codec, shard));
    }
}
