package dev.ferry.kernel.partition;

import dev.ferry.spi.storage.LogAppend;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.TimestampType;

/** Batches that passed validation, ready to have their offsets assigned in place. */
final class ValidatedBatches {

    private final ByteBuffer buffer;
    private final List<MutableRecordBatch> batches;

    ValidatedBatches(ByteBuffer buffer, List<MutableRecordBatch> batches) {
        this.buffer = buffer;
        this.batches = batches;
    }

    List<MutableRecordBatch> batches() {
        return batches;
    }

    /**
     * Writes each batch's base offset and leader epoch into its header, neither of which the batch CRC covers,
     * so no record is touched; with a log append time, also stamps each batch with it (Kafka's
     * {@code LogAppendTime}: the header's timestamp type and max timestamp, and its CRC).
     *
     * @param logAppendTime the broker's append time, or -1 to keep the producer's timestamps
     */
    LogAppend assignOffsets(long firstOffset, int leaderEpoch, long logAppendTime) {
        long nextOffset = firstOffset;
        long maxTimestamp = -1;
        long offsetOfMaxTimestamp = firstOffset;
        for (MutableRecordBatch batch : batches) {
            long lastOffset = nextOffset + (batch.lastOffset() - batch.baseOffset());
            batch.setLastOffset(lastOffset);
            batch.setPartitionLeaderEpoch(leaderEpoch);
            if (logAppendTime >= 0) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, logAppendTime);
            }
            if (batch.maxTimestamp() > maxTimestamp) {
                maxTimestamp = batch.maxTimestamp();
                offsetOfMaxTimestamp = lastOffset;
            }
            nextOffset = lastOffset + 1;
        }
        return new LogAppend(buffer.duplicate(), firstOffset, nextOffset - 1, maxTimestamp, offsetOfMaxTimestamp);
    }
}
