package dev.ferry.kernel.partition;

import dev.ferry.services.broker.ProducerState;
import java.util.ArrayDeque;
import java.util.Optional;
import org.apache.kafka.common.record.RecordBatch;

/**
 * What a partition remembers of one producer: its epoch, its last five batches (a producer has at most five requests
 * in flight, so a retry is always one of them), its open transaction and the coordinator that last ended one.
 * Guarded by the partition's append lock.
 */
final class ProducerEntry {

    static final int RETAINED_BATCHES = 5;

    /** The sequence numbers and offsets of one appended batch. */
    record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, long lastOffset, long timestamp) {
    }

    private final long producerId;
    private short epoch = RecordBatch.NO_PRODUCER_EPOCH;
    private final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>(RETAINED_BATCHES);
    private int coordinatorEpoch = -1;
    private long transactionFirstOffset = -1;
    private long lastTimestamp = RecordBatch.NO_TIMESTAMP;
    private long lastOffset = -1;

    ProducerEntry(long producerId) {
        this.producerId = producerId;
    }

    /**
     * A producer as a snapshot kept it: its last batch (when {@code lastDataOffset} >= 0, with the sequence and offset
     * ranges {@code offsetDelta} wide), its epoch, marker coordinator epoch and open transaction.
     */
    static ProducerEntry restored(long producerId, short epoch, int lastSequence, long lastDataOffset, int offsetDelta,
                                  long timestamp, int coordinatorEpoch, long transactionFirstOffset) {
        ProducerEntry entry = new ProducerEntry(producerId);
        entry.epoch = epoch;
        if (lastDataOffset >= 0) {
            entry.batches.add(new BatchMetadata(lastSequence - offsetDelta, lastSequence, lastDataOffset - offsetDelta,
                    lastDataOffset, timestamp));
        }
        entry.coordinatorEpoch = coordinatorEpoch;
        entry.transactionFirstOffset = transactionFirstOffset;
        entry.lastTimestamp = timestamp;
        entry.lastOffset = Math.max(lastDataOffset, transactionFirstOffset);
        return entry;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    /** The last sequence number appended in the current epoch, or -1 when none is remembered. */
    int lastSequence() {
        return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.getLast().lastSequence();
    }

    boolean inTransaction() {
        return transactionFirstOffset >= 0;
    }

    long transactionFirstOffset() {
        return transactionFirstOffset;
    }

    int coordinatorEpoch() {
        return coordinatorEpoch;
    }

    long lastTimestamp() {
        return lastTimestamp;
    }

    /** The last offset of its last data batch in the current epoch, or -1 when none is remembered (Kafka's). */
    long lastDataOffset() {
        return batches.isEmpty() ? -1 : batches.getLast().lastOffset();
    }

    /** How many offsets (and sequence numbers) its last batch spans beyond its first, or 0 when none is remembered. */
    int lastBatchOffsetDelta() {
        return batches.isEmpty() ? 0 : (int) (batches.getLast().lastOffset() - batches.getLast().firstOffset());
    }

    /** The offset of the last batch or marker it wrote. */
    long lastOffset() {
        return lastOffset;
    }

    /** The batch appended before with the same epoch and sequence numbers: a retry. */
    Optional<BatchMetadata> duplicateOf(RecordBatch batch) {
        if (batch.producerEpoch() != epoch) {
            return Optional.empty();
        }
        for (BatchMetadata seen : batches) {
            if (seen.firstSequence() == batch.baseSequence() && seen.lastSequence() == batch.lastSequence()) {
                return Optional.of(seen);
            }
        }
        return Optional.empty();
    }

    /** Takes in an appended batch of this producer, its offsets assigned. */
    void append(RecordBatch batch) {
        moveToEpoch(batch.producerEpoch());
        if (batch.baseSequence() != RecordBatch.NO_SEQUENCE) {
            if (batches.size() == RETAINED_BATCHES) {
                batches.removeFirst();
            }
            batches.addLast(new BatchMetadata(batch.baseSequence(), batch.lastSequence(), batch.baseOffset(),
                    batch.lastOffset(), batch.maxTimestamp()));
        }
        if (batch.isTransactional() && transactionFirstOffset < 0) {
            transactionFirstOffset = batch.baseOffset();
        }
        lastTimestamp = batch.maxTimestamp();
        lastOffset = batch.lastOffset();
    }

    /**
     * Takes in a transaction marker written at {@code offset}.
     *
     * @return the first offset of the transaction it ended, or -1 when none was open
     */
    long endTransaction(short markerEpoch, int markerCoordinatorEpoch, long offset, long timestamp) {
        moveToEpoch(markerEpoch);
        coordinatorEpoch = markerCoordinatorEpoch;
        lastTimestamp = timestamp;
        lastOffset = offset;
        long firstOffset = transactionFirstOffset;
        transactionFirstOffset = -1;
        return firstOffset;
    }

    private void moveToEpoch(short newEpoch) {
        if (newEpoch != epoch) {
            epoch = newEpoch;
            batches.clear();
        }
    }

    ProducerState describe() {
        return new ProducerState(producerId, epoch, lastSequence(), lastTimestamp, coordinatorEpoch,
                transactionFirstOffset);
    }
}
