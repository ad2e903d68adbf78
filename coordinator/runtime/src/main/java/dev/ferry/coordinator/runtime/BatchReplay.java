package dev.ferry.coordinator.runtime;

import dev.ferry.spi.TopicPartition;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Replays the batches of a coordinator's partition, as Kafka's log holds them, into its shard. */
public final class BatchReplay {

    private static final Logger LOG = LoggerFactory.getLogger(BatchReplay.class);

    private BatchReplay() {
    }

    /**
     * Replays one batch into the shard: a transaction marker, or the records; a record that cannot be read is logged
     * and skipped.
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
