package dev.ferry.kernel.cleaner;

import dev.ferry.kernel.partition.Partition;
import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.spi.retention.Compaction;
import dev.ferry.spi.retention.CompactionContext;
import dev.ferry.spi.storage.RewriteResult;
import dev.ferry.spi.storage.SegmentInfo;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/**
 * One cleaning of one log, in Kafka's two passes: the compaction observes the dirty records (skipping aborted
 * transactions and markers) until it is full or the cleanable part ends; then the storage engine rewrites every
 * closed segment below where observing stopped, through a {@link CleanerRecordFilter}.
 */
final class LogCleaning {

    /**
     * What a cleaning did.
     *
     * @param endOffset the new cleaned offset: the records below it were all seen by a cleaning
     * @param rewrite what the storage engine did
     * @param earliestDeleteHorizonMs when a tombstone or marker kept may go, or {@link Long#MAX_VALUE}
     */
    record Outcome(long endOffset, RewriteResult rewrite, long earliestDeleteHorizonMs) {
    }

    private final PartitionManager partitions;
    private final DirtyLog log;
    private final Compaction compaction;
    private final Throttler throttler;
    private final int readBytes;
    private final long nowMs;

    LogCleaning(PartitionManager partitions, DirtyLog log, Compaction compaction, Throttler throttler, int readBytes,
                long nowMs) {
        this.partitions = partitions;
        this.log = log;
        this.compaction = compaction;
        this.throttler = throttler;
        this.readBytes = readBytes;
        this.nowMs = nowMs;
    }

    static CompactionContext context(DirtyLog log, long memoryBytes, long nowMs) {
        Partition partition = log.partition();
        return new CompactionContext(partition.topicPartition(), partition.config(), log.firstDirtyOffset(),
                memoryBytes, nowMs);
    }

    /**
     * Cleans the log.
     *
     * @throws IOException when the log could not be read or rewritten; it is then as it was
     * @throws CompactionFullException when the compaction could not hold the records of one segment
     */
    Outcome run() throws IOException {
        long endOffset = observeDirtyRecords();
        Partition partition = log.partition();
        CleanerRecordFilter filter = new CleanerRecordFilter(nowMs,
                Long.parseLong(partition.config().get(TopicConfig.DELETE_RETENTION_MS_CONFIG)), compaction,
                new CleanedTransactions(partition.abortedTransactions(partition.logStartOffset(), endOffset)),
                partition.producersLastBatches(), partition::forgetAbortedTransaction);
        RewriteResult result = partitions.rewrite(partition, endOffset, batches -> {
            throttle(batches.remaining());
            ByteBuffer kept = filter.filter(batches);
            throttle(kept.remaining());
            return kept;
        });
        return new Outcome(endOffset, result, filter.earliestDeleteHorizonMs());
    }

    /**
     * The first pass.
     *
     * @return where the cleaning ends: the end of the cleanable part, or the base of the segment whose records the
     *     compaction could not all take
     */
    private long observeDirtyRecords() throws IOException {
        Partition partition = log.partition();
        CleanedTransactions transactions = new CleanedTransactions(
                partition.abortedTransactions(log.firstDirtyOffset(), log.endOffset()));
        long[] stoppedAt = {-1};
        boolean[] interrupted = {false};
        partition.readBatches(log.firstDirtyOffset(), log.endOffset(), readBytes, batch -> {
            if (!throttled(batch.sizeInBytes())) {
                interrupted[0] = true;
                return false;
            }
            batch.ensureValid();
            if (batch.isControlBatch()) {
                transactions.isDiscardableMarker(batch);
                return true;
            }
            if (transactions.isAborted(batch)) {
                return true;
            }
            for (Record record : batch) {
                if (record.offset() >= log.firstDirtyOffset()
                        && !compaction.observe(new RecordView(batch, record, nowMs))) {
                    stoppedAt[0] = record.offset();
                    return false;
                }
            }
            return true;
        });
        if (interrupted[0]) {
            throw new InterruptedIOException("The log cleaner is stopping");
        }
        if (stoppedAt[0] < 0) {
            return log.endOffset();
        }
        long end = baseOfSegmentHolding(partition.segments(), stoppedAt[0]);
        if (end <= log.firstDirtyOffset()) {
            throw new CompactionFullException(partition.topicPartition() + ": the compaction could not hold the "
                    + "records of the segment from offset " + end + "; raise log.cleaner.dedupe.buffer.size");
        }
        return end;
    }

    private static long baseOfSegmentHolding(List<SegmentInfo> segments, long offset) {
        long base = segments.get(0).baseOffset();
        for (SegmentInfo segment : segments) {
            if (segment.baseOffset() > offset) {
                break;
            }
            base = segment.baseOffset();
        }
        return base;
    }

    private void throttle(long bytes) throws InterruptedIOException {
        if (!throttled(bytes)) {
            throw new InterruptedIOException("The log cleaner is stopping");
        }
    }

    /** Waits while the cleaner is over its I/O rate; false when interrupted, as the cleaner stops. */
    private boolean throttled(long bytes) {
        try {
            throttler.acquire(bytes);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The compaction's memory cannot take the records of the first dirty segment. */
    static final class CompactionFullException extends IOException {

        CompactionFullException(String message) {
            super(message);
        }
    }
}
