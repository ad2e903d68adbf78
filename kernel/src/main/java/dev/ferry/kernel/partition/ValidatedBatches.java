package dev.ferry.kernel.partition;

import dev.ferry.spi.storage.LogAppend;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.record.MutableRecordBatch;

/** Batches that passed validation, ready to have their offsets assigned in place. */
final class ValidatedBatches {

    private final ByteBuffer buffer;
    private final List<MutableRecordBatch> batches;

    ValidatedBatches(ByteBuffer buffer, List<MutableRecordBatch> batches) {
        this.buffer = buffer;
        this.batches = batches;
    }

    /**
     * Writes each batch's base offset and leader epoch into its header, neither of which the batch CRC covers,
     * so no record is touched.
     */
    LogAppend assignOffsets(long firstOffset, int leaderEpoch) {
        long nextOffset = firstOffset;
        long maxTimestamp = -1;
        long offsetOfMaxTimestamp = firstOffset;
        for (MutableRecordBatch batch : batches) {
            long lastOffset = nextOffset + (batch.lastOffset() - batch.baseOffset());
            batch.setLastOffset(lastOffset);
            batch.setPartitionLeaderEpoch(leaderEpoch);
            if (batch.maxTimestamp() > maxTimestamp) {
                maxTimestamp = batch.maxTimestamp();
                offsetOfMaxTimestamp = lastOffset;
            }
            nextOffset = lastOffset + 1;
        }
        return new LogAppend(buffer.duplicate(), firstOffset, nextOffset - 1, maxTimestamp, offsetOfMaxTimestamp);
    }
}
