package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.LogAppend;
import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.PartitionLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition in its own directory. For now it is a single segment starting at offset 0.
 *
 * <p>An append writes its bytes first and then publishes the new log end (offset and size together, in one
 * volatile write); readers take that snapshot once and read no further, so they see all of an append or none.
 */
final class SegmentLog implements PartitionLog {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);

    private final TopicPartition partition;
    private final LogSegment segment;
    private final Consumer<SegmentLog> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long logStartOffset;
    private volatile LogEnd end;

    private SegmentLog(TopicPartition partition, LogSegment segment, LogSegment.Recovery recovery,
                       Consumer<SegmentLog> onClose) {
        this.partition = partition;
        this.segment = segment;
        this.onClose = onClose;
        this.logStartOffset = recovery.firstOffset();
        this.end = new LogEnd(recovery.nextOffset(), recovery.validBytes());
    }

    /**
     * Opens the log in {@code directory}, creating it when absent and recovering it otherwise.
     *
     * @param onClose told once when the log closes
     */
    static SegmentLog open(TopicPartition partition, Path directory, Consumer<SegmentLog> onClose)
            throws IOException {
        Files.createDirectories(directory);
        LogSegment segment = LogSegment.open(directory, 0L);
        try {
            LogSegment.Recovery recovery = segment.recover();
            if (recovery.droppedBytes() > 0) {
                LOG.warn("Recovered log {}: dropped {} bytes from position {} of {} ({})", partition,
                        recovery.droppedBytes(), recovery.validBytes(), LogSegment.logFile(directory, 0L),
                        recovery.defect());
            }
            return new SegmentLog(partition, segment, recovery, onClose);
        } catch (IOException | RuntimeException e) {
            try {
                segment.close();
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @Override
    public TopicPartition partition() {
        return partition;
    }

    @Override
    public long logStartOffset() {
        return logStartOffset;
    }

    @Override
    public long logEndOffset() {
        return end.offset();
    }

    @Override
    public long sizeInBytes() {
        return end.position();
    }

    @Override
    public void append(LogAppend append) throws IOException {
        long logEndOffset = end.offset();
        if (append.firstOffset() != logEndOffset || append.lastOffset() < append.firstOffset()) {
            throw new IllegalArgumentException("Append of offsets " + append.firstOffset() + " to "
                    + append.lastOffset() + " does not follow the log end offset " + logEndOffset + " of " + partition);
        }
        segment.append(append.records());
        end = new LogEnd(append.lastOffset() + 1, segment.sizeInBytes());
    }

    @Override
    public LogSlice read(long fetchOffset, int maxBytes, long maxOffset, boolean minOneBatch) throws IOException {
        LogEnd readable = end;
        if (fetchOffset < logStartOffset || fetchOffset > readable.offset()) {
            throw new IllegalArgumentException("Fetch offset " + fetchOffset + " is outside the log " + partition
                    + " [" + logStartOffset + ", " + readable.offset() + "]");
        }
        if (fetchOffset == readable.offset()) {
            return LogSlice.EMPTY;
        }
        return segment.read(fetchOffset, maxBytes, maxOffset, minOneBatch, readable.position());
    }

    @Override
    public void flush() throws IOException {
        segment.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            try {
                segment.close();
            } finally {
                onClose.accept(this);
            }
        }
    }

    @Override
    public String toString() {
        return "SegmentLog(" + partition + ", " + end + ")";
    }

    /**
     * The published end of the log.
     *
     * @param offset the log end offset
     * @param position the byte just past the last whole batch in the active segment
     */
    private record LogEnd(long offset, int position) {
    }
}
