package dev.ferry.kernel.partition;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.AppendResult;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.FetchedPartition;
import dev.ferry.spi.broker.PartitionOffsets;
import dev.ferry.spi.storage.LogAppend;
import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.PartitionLog;
import java.io.IOException;

/**
 * A partition this broker leads: its log, its high watermark, and the lock that orders its appends. Alone, the
 * leader is the whole in-sync replica set, so the high watermark follows the log end offset.
 */
final class Partition {

    static final int LEADER_EPOCH = 0;

    private final PartitionLog log;
    private final int maxBatchBytes;
    private final Object appendLock = new Object();
    private volatile long highWatermark;

    Partition(PartitionLog log, int maxBatchBytes) {
        this.log = log;
        this.maxBatchBytes = maxBatchBytes;
        this.highWatermark = log.logEndOffset();
    }

    TopicPartition topicPartition() {
        return log.partition();
    }

    PartitionLog log() {
        return log;
    }

    AppendResult append(java.nio.ByteBuffer records) throws IOException {
        ValidatedBatches batches = BatchValidator.validate(records, maxBatchBytes);
        synchronized (appendLock) {
            LogAppend append = batches.assignOffsets(log.logEndOffset(), LEADER_EPOCH);
            log.append(append);
            highWatermark = log.logEndOffset();
            return new AppendResult(append.firstOffset(), -1, log.logStartOffset());
        }
    }

    FetchedPartition read(long fetchOffset, int maxBytes, boolean minOneBatch) throws IOException {
        long watermark = highWatermark;
        long logStartOffset = log.logStartOffset();
        if (fetchOffset < logStartOffset || fetchOffset > log.logEndOffset()) {
            return new FetchedPartition(topicPartition(), BrokerError.OFFSET_OUT_OF_RANGE, watermark, logStartOffset,
                    LogSlice.EMPTY);
        }
        LogSlice records = fetchOffset >= watermark
                ? LogSlice.EMPTY
                : log.read(fetchOffset, maxBytes, watermark, minOneBatch);
        return new FetchedPartition(topicPartition(), BrokerError.NONE, watermark, logStartOffset, records);
    }

    PartitionOffsets offsets() {
        return new PartitionOffsets(log.logStartOffset(), highWatermark, log.logEndOffset());
    }
}
