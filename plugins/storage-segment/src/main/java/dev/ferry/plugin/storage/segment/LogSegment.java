package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.storage.LogSlice;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;

/**
 * One segment of a log: a {@code .log} file named after its base offset that holds whole v2 record batches
 * exactly as appended, and the {@link OffsetIndex} that finds an offset in it.
 *
 * <p>One thread appends; any number read. A reader passes the end position it may read up to, so it never
 * looks at bytes of an append that the log has not published yet.
 */
final class LogSegment implements Closeable {

    private static final String LOG_FILE_SUFFIX = ".log";

    private final long baseOffset;
    private final FileRecords records;
    private final OffsetIndex index = new OffsetIndex();

    private LogSegment(long baseOffset, FileRecords records) {
        this.baseOffset = baseOffset;
        this.records = records;
    }

    /** Opens the segment file in {@code logDirectory}, creating it empty when absent. Call {@link #recover} next. */
    static LogSegment open(Path logDirectory, long baseOffset) throws IOException {
        return new LogSegment(baseOffset, FileRecords.open(logFile(logDirectory, baseOffset).toFile()));
    }

    /** Kafka's name for a segment file: its base offset, zero-padded to 20 digits. */
    static Path logFile(Path logDirectory, long baseOffset) {
        return logDirectory.resolve(String.format("%020d", baseOffset) + LOG_FILE_SUFFIX);
    }

    long baseOffset() {
        return baseOffset;
    }

    int sizeInBytes() {
        return records.sizeInBytes();
    }

    /**
     * Checks the batches from the start of the file, indexes them, and truncates the file at the first batch that
     * is torn, short, corrupt, not v2 or out of offset order.
     */
    Recovery recover() throws IOException {
        long firstOffset = -1;
        long nextOffset = baseOffset;
        int validBytes = 0;
        String defect = null;
        try {
            Iterator<FileChannelRecordBatch> batches = records.batches().iterator();
            while (defect == null && batches.hasNext()) {
                FileChannelRecordBatch batch = batches.next();
                defect = defectOf(batch, nextOffset);
                if (defect == null) {
                    index.onBatch(batch.baseOffset(), batch.position(), batch.sizeInBytes());
                    firstOffset = firstOffset < 0 ? batch.baseOffset() : firstOffset;
                    nextOffset = batch.nextOffset();
                    validBytes += batch.sizeInBytes();
                }
            }
        } catch (KafkaException e) {
            throwIfIoFailure(e);
            defect = e.getMessage();
        }
        int droppedBytes = records.truncateTo(validBytes);
        if (droppedBytes > 0) {
            records.flush();
        }
        if (droppedBytes > 0 && defect == null) {
            defect = "a torn or short batch";
        }
        return new Recovery(firstOffset < 0 ? baseOffset : firstOffset, nextOffset, validBytes, droppedBytes,
                droppedBytes > 0 ? defect : null);
    }

    private static String defectOf(FileChannelRecordBatch batch, long expectedOffset) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            return "magic " + batch.magic();
        }
        batch.ensureValid();
        if (batch.baseOffset() < expectedOffset) {
            return "base offset " + batch.baseOffset() + " below the expected " + expectedOffset;
        }
        return null;
    }

    /**
     * Writes the batches from the buffer's position to its limit at the end of the file, leaving the buffer as it
     * was. When the write fails, the bytes written so far are cut off again.
     */
    void append(ByteBuffer batches) throws IOException {
        int position = records.sizeInBytes();
        MemoryRecords appended = MemoryRecords.readableRecords(batches.slice());
        try {
            records.append(appended);
        } catch (IOException e) {
            dropPartialWrite(position, e);
            throw e;
        }
        for (MutableRecordBatch batch : appended.batches()) {
            index.onBatch(batch.baseOffset(), position, batch.sizeInBytes());
            position += batch.sizeInBytes();
        }
    }

    private void dropPartialWrite(int position, IOException failure) {
        try {
            records.truncateTo(position);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Reads whole consecutive batches, starting with the one that holds {@code fetchOffset}, that end before
     * {@code endPosition}, hold no offset at or past {@code maxOffset} and together fit in {@code maxBytes} (the
     * first batch always fits when {@code minOneBatch}).
     */
    LogSlice read(long fetchOffset, int maxBytes, long maxOffset, boolean minOneBatch, int endPosition)
            throws IOException {
        long start = -1;
        long end = -1;
        try {
            for (FileChannelRecordBatch batch : records.batchesFrom(index.lookup(fetchOffset))) {
                if (batch.position() >= endPosition) {
                    break;
                }
                boolean first = start < 0;
                if (first && batch.lastOffset() < fetchOffset) {
                    continue;
                }
                long from = first ? batch.position() : start;
                long to = (long) batch.position() + batch.sizeInBytes();
                boolean fits = to - from <= maxBytes || (first && minOneBatch);
                if (batch.lastOffset() >= maxOffset || !fits) {
                    break;
                }
                start = from;
                end = to;
            }
        } catch (KafkaException e) {
            throwIfIoFailure(e);
            throw new IOException("Unreadable batch in " + records.file(), e);
        }
        return start < 0 ? LogSlice.EMPTY : new FileLogSlice(records.channel(), start, (int) (end - start));
    }

    /** Kafka's record classes wrap I/O errors in unchecked exceptions; a real one must reach the broker as is. */
    private static void throwIfIoFailure(KafkaException e) throws IOException {
        if (e.getCause() instanceof IOException io && !(io instanceof EOFException)) {
            throw io;
        }
    }

    void flush() throws IOException {
        records.flush();
    }

    /** Flushes and closes the file, closing it even when the flush fails. Slices handed out can no longer be read. */
    @Override
    public void close() throws IOException {
        try {
            records.close();
        } catch (IOException | RuntimeException e) {
            try {
                records.closeHandlers();
            } catch (IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "LogSegment(" + records.file() + ")";
    }

    /**
     * What recovery found.
     *
     * @param firstOffset the base offset of the first batch, or the segment's base offset when it has none
     * @param nextOffset one past the last offset of the last valid batch
     * @param validBytes the size of the valid batches, and now of the file
     * @param droppedBytes the bytes cut off after them
     * @param defect why the bytes were cut off, or null when none were
     */
    record Recovery(long firstOffset, long nextOffset, int validBytes, int droppedBytes, String defect) {
    }
}
