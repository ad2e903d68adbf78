package dev.ferry.kernel.partition;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.AppendResult;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import dev.ferry.spi.broker.FetchedPartition;
import dev.ferry.spi.broker.PartitionOffsets;
import dev.ferry.spi.storage.LogAppend;
import dev.ferry.spi.storage.LogMove;
import dev.ferry.spi.storage.LogOffsetOutOfRangeException;
import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.SegmentInfo;
import dev.ferry.spi.storage.TimestampOffset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A partition this broker leads: its log, its high watermark, its effective topic config, and the lock that orders
 * its appends and deletions. Alone, the leader is the whole in-sync replica set, so the high watermark follows the
 * log end offset. A move to another log directory replaces the log, under the lock, so each read takes the log once.
 */
public final class Partition {

    static final int LEADER_EPOCH = 0;

    private volatile PartitionLog log;
    private final Object appendLock = new Object();
    private volatile Map<String, String> config;
    private volatile AppendRules appendRules;
    private volatile long highWatermark;
    private boolean closed;

    Partition(PartitionLog log, Map<String, String> config) {
        this.log = log;
        this.config = Map.copyOf(config);
        this.appendRules = AppendRules.of(config);
        this.highWatermark = log.logEndOffset();
    }

    public TopicPartition topicPartition() {
        return log.partition();
    }

    /** The topic's effective config: its overrides over the broker's defaults. */
    public Map<String, String> config() {
        return config;
    }

    /**
     * Applies a changed effective config: to the next append's checks, to the next retention check, and through the
     * log to its next append and roll. Call with the storage plugin's class loader as context.
     */
    void reconfigure(Map<String, String> effective) {
        synchronized (appendLock) {
            if (closed) {
                return;
            }
            log.reconfigure(effective);
            config = Map.copyOf(effective);
            appendRules = AppendRules.of(effective);
        }
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    public long highWatermark() {
        return highWatermark;
    }

    public List<SegmentInfo> segments() {
        return log.segments();
    }

    /** The log, for reports on its size and place; appends and deletions go through this partition. */
    PartitionLog log() {
        return log;
    }

    AppendResult append(ByteBuffer records) throws IOException {
        AppendRules rules = appendRules;
        long nowMs = System.currentTimeMillis();
        ValidatedBatches batches = BatchValidator.validate(records, rules, nowMs);
        synchronized (appendLock) {
            checkOpen();
            long logAppendTime = rules.logAppendTime() ? nowMs : -1;
            LogAppend append = batches.assignOffsets(log.logEndOffset(), LEADER_EPOCH, logAppendTime);
            log.append(append);
            highWatermark = log.logEndOffset();
            return new AppendResult(append.firstOffset(), logAppendTime, log.logStartOffset());
        }
    }

    /** Closes the log once no append or deletion is running; later ones find the partition unknown. */
    void close() throws IOException {
        synchronized (appendLock) {
            closed = true;
            log.close();
        }
    }

    /**
     * Finishes a move of the log to another log directory: holds appends and deletions while the move copies the
     * little the copy lacks and swaps it in. Call with the storage plugin's class loader as context.
     */
    void completeMove(LogMove move) throws IOException {
        synchronized (appendLock) {
            checkOpen();
            log = move.complete();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new BrokerException(BrokerError.UNKNOWN_TOPIC_OR_PARTITION, topicPartition() + " was deleted");
        }
    }

    FetchedPartition read(long fetchOffset, int maxBytes, boolean minOneBatch) throws IOException {
        PartitionLog log = this.log;
        long watermark = highWatermark;
        long logStartOffset = log.logStartOffset();
        if (fetchOffset < logStartOffset || fetchOffset > log.logEndOffset()) {
            return outOfRange(watermark, logStartOffset);
        }
        try {
            LogSlice records = fetchOffset >= watermark
                    ? LogSlice.EMPTY
                    : log.read(fetchOffset, maxBytes, watermark, minOneBatch);
            return new FetchedPartition(topicPartition(), BrokerError.NONE, watermark, watermark, logStartOffset,
                    List.of(), records);
        } catch (LogOffsetOutOfRangeException e) {
            // retention moved the log start between the check above and the read
            return outOfRange(watermark, log.logStartOffset());
        }
    }

    private FetchedPartition outOfRange(long watermark, long logStartOffset) {
        return new FetchedPartition(topicPartition(), BrokerError.OFFSET_OUT_OF_RANGE, watermark, watermark,
                logStartOffset, List.of(), LogSlice.EMPTY);
    }

    PartitionOffsets offsets() {
        PartitionLog log = this.log;
        return new PartitionOffsets(log.logStartOffset(), highWatermark, highWatermark, log.logEndOffset());
    }

    Optional<TimestampOffset> offsetForTimestamp(long timestamp) throws IOException {
        return log.offsetForTimestamp(timestamp, highWatermark);
    }

    Optional<TimestampOffset> maxTimestamp() throws IOException {
        return log.maxTimestamp().filter(found -> found.offset() < highWatermark);
    }

    /**
     * Moves the log start offset forward, for DeleteRecords and retention.
     *
     * @param offset the new start, at most the high watermark; -1 for the high watermark
     * @return the log start offset afterwards
     */
    public long deleteRecordsBefore(long offset) throws IOException {
        synchronized (appendLock) {
            checkOpen();
            long target = offset == -1 ? highWatermark : offset;
            if (target < 0 || target > highWatermark) {
                throw new BrokerException(BrokerError.OFFSET_OUT_OF_RANGE, "Cannot delete records of "
                        + topicPartition() + " before offset " + offset + ": the high watermark is " + highWatermark);
            }
            if (target > log.logStartOffset()) {
                log.deleteRecordsBefore(target);
            }
            return log.logStartOffset();
        }
    }
}
