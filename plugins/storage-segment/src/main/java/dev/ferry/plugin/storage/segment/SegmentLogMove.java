package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.AbortedTransactionRange;
import dev.ferry.spi.storage.LogAppend;
import dev.ferry.spi.storage.LogMove;
import dev.ferry.spi.storage.LogOffsetOutOfRangeException;
import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;

/**
 * A log on its way to another log directory. As Kafka's future replica, the copy is a log of its own in
 * {@code <topic>-<partition>.<id>-future}, filled by reading whole batches from the current log and appending them
 * with their offsets, so its segments and indexes are built as any append builds them.
 *
 * <p>The copy starts at the batch holding the current log start offset and follows it: when retention or
 * DeleteRecords moved the start past the copy's end, the copy starts over there. One thread drives a move.
 *
 * <p>The aborted transactions of the copied segments are copied at {@link #complete}, when the broker has recorded
 * those of every marker in the log (it records one just after it appended the marker). The producer snapshots are not
 * copied: the moved log writes its own at its next roll, and the broker's at shutdown; a stop before either makes the
 * broker read the whole moved log at the next start to rebuild its producers.
 */
final class SegmentLogMove implements LogMove {

    /** The most a copy reads at a time (or one larger batch), to keep the buffer it needs small. */
    private static final int READ_BYTES = 1 << 20;

    private final SegmentStorageEngine engine;
    private final SegmentLog current;
    private final LogDirectory target;
    private final Path futureDirectory;
    /** Created at the first batch copied, so that its first segment starts where that batch does. */
    private volatile SegmentLog copy;
    private boolean ended;

    SegmentLogMove(SegmentStorageEngine engine, SegmentLog current, LogDirectory target, Path futureDirectory) {
        this.engine = engine;
        this.current = current;
        this.target = target;
        this.futureDirectory = futureDirectory;
    }

    TopicPartition partition() {
        return current.partition();
    }

    @Override
    public Path logDirectory() {
        return target.path();
    }

    @Override
    public long logEndOffset() {
        SegmentLog log = copy;
        return log == null ? current.logStartOffset() : log.logEndOffset();
    }

    @Override
    public long sizeInBytes() {
        SegmentLog log = copy;
        return log == null ? 0 : log.sizeInBytes();
    }

    @Override
    public synchronized long copy(int maxBytes) throws IOException {
        ensureGoing();
        long copied = 0;
        while (copied < maxBytes) {
            long read = copyOnce((int) Math.min(READ_BYTES, maxBytes - copied));
            if (read == 0) {
                break;
            }
            copied += read;
        }
        if (copied < maxBytes && copy != null) {
            copy.flush();
        }
        return copied;
    }

    private long copyOnce(int maxBytes) throws IOException {
        long endOffset = current.logEndOffset();
        if (copy != null && copy.logEndOffset() < current.logStartOffset()) {
            startOver();
        }
        long from = copy == null ? current.logStartOffset() : copy.logEndOffset();
        if (from >= endOffset) {
            return 0;
        }
        LogSlice slice;
        try {
            slice = current.read(from, maxBytes, endOffset, true);
        } catch (LogOffsetOutOfRangeException e) {
            return 0; // the start moved past it meanwhile: the next call starts over
        }
        if (slice.sizeInBytes() == 0) {
            return 0;
        }
        ByteBuffer batches = ByteBuffer.allocate(slice.sizeInBytes());
        try (BufferChannel channel = new BufferChannel(batches)) {
            while (batches.hasRemaining()) {
                slice.transferTo(channel, batches.position(), batches.remaining());
            }
        }
        batches.flip();
        LogAppend append = appendOf(batches);
        if (copy == null) {
            copy = openCopy(append.firstOffset());
        }
        copy.append(append);
        return append.sizeInBytes();
    }

    private SegmentLog openCopy(long baseOffset) throws IOException {
        target.update(current.partition(), baseOffset, baseOffset);
        return engine.load(current.partition(), futureDirectory, current.config(), target, false, closed -> { });
    }

    private void startOver() throws IOException {
        copy.close();
        SegmentStorageEngine.deleteTree(futureDirectory);
        Files.createDirectory(futureDirectory);
        copy = null;
    }

    /** The batches with what an append needs to know of them. */
    private static LogAppend appendOf(ByteBuffer batches) {
        long firstOffset = -1;
        long lastOffset = -1;
        long maxTimestamp = -1;
        long offsetOfMaxTimestamp = -1;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(batches.duplicate()).batches()) {
            if (firstOffset < 0) {
                firstOffset = batch.baseOffset();
            }
            lastOffset = batch.lastOffset();
            if (batch.maxTimestamp() > maxTimestamp) {
                maxTimestamp = batch.maxTimestamp();
                offsetOfMaxTimestamp = batch.lastOffset();
            }
        }
        return new LogAppend(batches, firstOffset, lastOffset, maxTimestamp, offsetOfMaxTimestamp);
    }

    @Override
    public synchronized PartitionLog complete() throws IOException {
        ensureGoing();
        while (copyOnce(READ_BYTES) > 0) {
            // the current log takes no appends now: this ends
        }
        if (copy == null) {
            copy = openCopy(current.logEndOffset());
        }
        if (copy.logStartOffset() < current.logStartOffset()) {
            copy.deleteRecordsBefore(current.logStartOffset());
        }
        copyAbortedTransactions();
        copy.close();
        SegmentLog moved = engine.swap(current, target, futureDirectory);
        end();
        return moved;
    }

    /** Records in the copy the aborted transactions whose marker it holds; its close forces them to disk. */
    private void copyAbortedTransactions() throws IOException {
        long from = copy.segments().get(0).baseOffset();
        long to = copy.logEndOffset();
        for (AbortedTransactionRange aborted : current.abortedTransactions(from, to)) {
            if (aborted.lastOffset() >= from && aborted.lastOffset() < to) {
                copy.appendAbortedTransaction(aborted);
            }
        }
    }

    @Override
    public synchronized void abort() throws IOException {
        if (ended) {
            return;
        }
        try {
            closeCopy();
        } finally {
            end();
        }
    }

    /** Closes the copy, flushing it, and leaves its files for the next start to settle. */
    synchronized void closeCopy() throws IOException {
        if (copy != null) {
            copy.close();
        }
    }

    private void end() throws IOException {
        ended = true;
        engine.endMove(this, target, futureDirectory);
    }

    private void ensureGoing() {
        if (ended) {
            throw new IllegalStateException("The move of " + current.partition() + " has ended");
        }
    }

    @Override
    public String toString() {
        return "SegmentLogMove(" + current.partition() + " to " + target.path() + ")";
    }

    /** Takes a slice's bytes into a buffer sized for them. */
    private static final class BufferChannel implements WritableByteChannel {

        private final ByteBuffer buffer;

        BufferChannel(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int write(ByteBuffer source) {
            int bytes = Math.min(source.remaining(), buffer.remaining());
            ByteBuffer part = source.duplicate();
            part.limit(part.position() + bytes);
            buffer.put(part);
            source.position(source.position() + bytes);
            return bytes;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
