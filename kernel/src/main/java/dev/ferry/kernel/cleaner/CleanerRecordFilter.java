package dev.ferry.kernel.cleaner;

import dev.ferry.coordinator.runtime.ControlBatches;
import dev.ferry.kernel.partition.ProducerLastBatch;
import dev.ferry.spi.retention.Compaction;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;

/**
 * The second pass of a cleaning, as Kafka's cleaner filters each batch: records of aborted transactions go, a
 * transaction marker stays until its transaction has no batch left and its delete horizon passed, the batch that
 * holds a producer's last state stays (emptied if need be), and of the other records the compaction keeps what it
 * retains. kafka-clients' {@link MemoryRecords#filterTo} rebuilds the batches, and stamps each batch that keeps a
 * tombstone or a marker with its delete horizon (now + {@code delete.retention.ms}) the first time.
 */
final class CleanerRecordFilter extends MemoryRecords.RecordFilter {

    private final Compaction compaction;
    private final CleanedTransactions transactions;
    private final Map<Long, ProducerLastBatch> producers;
    private final LongConsumer abortMarkerDropped;
    private boolean discardBatchRecords;
    private long earliestDeleteHorizonMs = Long.MAX_VALUE;

    /**
     * @param abortMarkerDropped told the offset of each abort marker this pass drops: its transaction has no record
     *     left, and read_committed fetches must no longer be told of it, or they would skip the producer's later
     *     records while waiting for a marker that is gone
     */
    CleanerRecordFilter(long nowMs, long deleteRetentionMs, Compaction compaction, CleanedTransactions transactions,
                        Map<Long, ProducerLastBatch> producers, LongConsumer abortMarkerDropped) {
        super(nowMs, deleteRetentionMs);
        this.compaction = compaction;
        this.transactions = transactions;
        this.producers = producers;
        this.abortMarkerDropped = abortMarkerDropped;
    }

    /**
     * Filters whole batches.
     *
     * @throws UnreadableBatchException when a batch is corrupt: the cleaning is given up, the log left as it was
     */
    ByteBuffer filter(ByteBuffer batches) throws UnreadableBatchException {
        try {
            ByteBuffer output = MemoryRecords.readableRecords(batches.duplicate())
                    .filterTo(this, ByteBuffer.allocate(batches.remaining()), BufferSupplier.NO_CACHING)
                    .outputBuffer();
            return output.flip();
        } catch (KafkaException e) {
            throw new UnreadableBatchException(e);
        }
    }

    /** The earliest delete horizon of the tombstones and markers kept, when the next cleaning may drop them. */
    long earliestDeleteHorizonMs() {
        return earliestDeleteHorizonMs;
    }

    @Override
    protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
        batch.ensureValid();
        boolean discardable = batch.isControlBatch()
                ? transactions.isDiscardableMarker(batch)
                : transactions.isAborted(batch);
        discardBatchRecords = batch.isControlBatch() ? discardable && deleteHorizonPassed(batch) : discardable;
        if (batch.isControlBatch() && discardable && !discardBatchRecords) {
            noteDeleteHorizon(batch);
        }
        if (batch.isControlBatch() && discardBatchRecords && ControlBatches.transactionMarker(batch)
                .filter(marker -> marker.controlType() == ControlRecordType.ABORT).isPresent()) {
            abortMarkerDropped.accept(batch.baseOffset());
        }
        BatchRetention retention;
        if (batch.hasProducerId() && holdsLastStateOfProducer(batch)) {
            retention = BatchRetention.RETAIN_EMPTY;
        } else if (discardBatchRecords) {
            retention = BatchRetention.DELETE;
        } else {
            retention = BatchRetention.DELETE_EMPTY;
        }
        return new BatchRetentionResult(retention, discardable && batch.isControlBatch());
    }

    @Override
    protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
        if (discardBatchRecords) {
            return false;
        }
        if (batch.isControlBatch()) {
            return true;
        }
        boolean retained = compaction.retain(new RecordView(batch, record, currentTime));
        if (retained && !record.hasValue()) {
            noteDeleteHorizon(batch);
        }
        return retained;
    }

    /**
     * Kafka keeps the batch a producer's state was last written with: its last data batch, or the marker of its
     * current epoch when that epoch wrote no data, so that the epoch and sequence survive.
     */
    private boolean holdsLastStateOfProducer(RecordBatch batch) {
        ProducerLastBatch last = producers.get(batch.producerId());
        if (last == null) {
            return false;
        }
        return last.lastDataOffset() >= 0
                ? batch.lastOffset() == last.lastDataOffset()
                : batch.isControlBatch() && batch.producerEpoch() == last.epoch();
    }

    private boolean deleteHorizonPassed(RecordBatch batch) {
        return batch.deleteHorizonMs().isPresent() && batch.deleteHorizonMs().getAsLong() <= currentTime;
    }

    private void noteDeleteHorizon(RecordBatch batch) {
        long horizon = batch.deleteHorizonMs().isPresent()
                ? batch.deleteHorizonMs().getAsLong()
                : currentTime + deleteRetentionMs;
        earliestDeleteHorizonMs = Math.min(earliestDeleteHorizonMs, horizon);
    }
}
