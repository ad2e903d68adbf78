package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.TimestampOffset;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/**
 * One segment of a log, as Kafka lays it out: {@code <base offset>.log} holding whole v2 batches exactly as appended,
 * with its {@link OffsetIndex} ({@code .index}), {@link TimeIndex} ({@code .timeindex}) and {@link TransactionIndex}
 * ({@code .txnindex}, only once the segment holds an abort marker).
 *
 * <p>One thread appends; any number read. A reader passes the end position it may read up to, so it never looks
 * at bytes of an append the log has not published yet.
 */
final class LogSegment implements Closeable {

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String TXN_INDEX_SUFFIX = ".txnindex";
    /** The kinds of file a segment has: its log and its indexes. */
    static final List<String> FILE_SUFFIXES = List.of(LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX, TXN_INDEX_SUFFIX);
    static final String DELETED_SUFFIX = ".deleted";
    /** Kafka's suffix of a rewrite's new segment files while they are being written. */
    static final String CLEANED_SUFFIX = ".cleaned";
    /** Kafka's suffix of a rewrite's complete new segment files until they replace the old segments. */
    static final String SWAP_SUFFIX = ".swap";

    private static final TimestampOffset UNKNOWN = new TimestampOffset(RecordBatch.NO_TIMESTAMP, -1);

    private final long baseOffset;
    private final FileRecords records;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final TransactionIndex txnIndex;
    private final int indexIntervalBytes;
    private final int maxIndexSize;
    private final boolean indexesCreated;
    private final long createdMs;

    private int bytesSinceLastIndexEntry;
    /** The first batch's largest timestamp: written by the appender, read by {@link #firstBatchTimestamp}. */
    private volatile long rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;
    private volatile TimestampOffset maxTimestampSoFar = UNKNOWN;
    private volatile long nextOffset;

    private LogSegment(long baseOffset, FileRecords records, OffsetIndex offsetIndex, TimeIndex timeIndex,
                       TransactionIndex txnIndex, LogConfig config, boolean indexesCreated, long nowMs) {
        this.baseOffset = baseOffset;
        this.records = records;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.txnIndex = txnIndex;
        this.indexIntervalBytes = config.indexIntervalBytes();
        this.maxIndexSize = config.segmentIndexBytes();
        this.indexesCreated = indexesCreated;
        this.createdMs = nowMs;
        this.nextOffset = baseOffset;
    }

    /**
     * Opens the segment's files in {@code directory}, creating whichever is missing; an index created here is empty,
     * so call {@link #loadCleanly} or {@link #recover} next.
     */
    static LogSegment open(Path directory, long baseOffset, LogConfig config, long nowMs) throws IOException {
        return open(directory, baseOffset, config, nowMs, "");
    }

    /**
     * As {@link #open(Path, long, LogConfig, long)}, with {@code fileSuffix} after each file's name as Kafka adds it
     * ({@code 00000000000000000000.log.cleaned}).
     */
    static LogSegment open(Path directory, long baseOffset, LogConfig config, long nowMs, String fileSuffix)
            throws IOException {
        Path indexFile = file(directory, baseOffset, INDEX_SUFFIX + fileSuffix);
        Path timeIndexFile = file(directory, baseOffset, TIME_INDEX_SUFFIX + fileSuffix);
        boolean indexesCreated = !Files.exists(indexFile) || !Files.exists(timeIndexFile);
        FileRecords records = FileRecords.open(file(directory, baseOffset, LOG_SUFFIX + fileSuffix).toFile());
        try {
            OffsetIndex offsetIndex = new OffsetIndex(indexFile, baseOffset, config.segmentIndexBytes());
            TimeIndex timeIndex = new TimeIndex(timeIndexFile, baseOffset, config.segmentIndexBytes());
            TransactionIndex txnIndex = new TransactionIndex(file(directory, baseOffset, TXN_INDEX_SUFFIX + fileSuffix),
                    baseOffset);
            return new LogSegment(baseOffset, records, offsetIndex, timeIndex, txnIndex, config, indexesCreated,
                    nowMs);
        } catch (IOException | RuntimeException e) {
            records.closeHandlers();
            throw e;
        }
    }

    /** Kafka's name for a segment's files: the base offset zero-padded to 20 digits, then the suffix. */
    static Path file(Path directory, long baseOffset, String suffix) {
        return directory.resolve(String.format("%020d", baseOffset) + suffix);
    }

    /** The base offset of a file named {@link #file} with {@code suffix}, or -1 for another name. */
    static long baseOffsetOf(String name, String suffix) {
        if (!name.endsWith(suffix)) {
            return -1;
        }
        String digits = name.substring(0, name.length() - suffix.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    long baseOffset() {
        return baseOffset;
    }

    /** The size of the file; for the active segment use the log's published end instead. */
    int sizeInBytes() {
        return records.sizeInBytes();
    }

    /** One past the last offset appended, or the base offset when empty. */
    long nextOffset() {
        return nextOffset;
    }

    /** The largest batch timestamp and the last offset of its batch, or (-1, -1) when unknown. */
    TimestampOffset maxTimestampSoFar() {
        return maxTimestampSoFar;
    }

    /** The largest timestamp of the first batch, or -1 when the segment has none or it has no timestamp. */
    long firstBatchTimestamp() {
        return rollingBasedTimestamp;
    }

    long lastModifiedMs() throws IOException {
        return Files.getLastModifiedTime(records.file().toPath()).toMillis();
    }

    Path logFile() {
        return records.file().toPath();
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    TransactionIndex transactionIndex() {
        return txnIndex;
    }

    /**
     * Kafka's roll rule: the append would take the segment past {@code segment.bytes}, or a non-empty segment's
     * records span {@link LogConfig#maxSegmentMs} (from its first batch's timestamp to the append's largest, or from
     * its creation when the first batch has none), or an index is full, or the offsets would not fit the index.
     */
    boolean shouldRoll(LogConfig config, int appendBytes, long appendMaxTimestamp, long appendLastOffset,
                       long nowMs) {
        int size = sizeInBytes();
        long waited = rollingBasedTimestamp >= 0 ? appendMaxTimestamp - rollingBasedTimestamp : nowMs - createdMs;
        return size > config.segmentBytes() - appendBytes
                || (size > 0 && waited > config.maxSegmentMs())
                || offsetIndex.isFull() || timeIndex.isFull()
                || !offsetIndex.canAppendOffset(appendLastOffset);
    }

    /**
     * Writes the batches from the buffer's position to its limit at the end of the file, leaving the buffer as it
     * was, and indexes them as Kafka does: per batch, an offset index entry (the batch's last offset, its position)
     * and a time index entry (the largest timestamp so far) once more than {@code index.interval.bytes} were
     * written since the last entry. When the write fails, the bytes written so far are cut off again.
     *
     * @param onBatch told of every batch, in order
     */
    void append(ByteBuffer batches, Consumer<RecordBatch> onBatch) throws IOException {
        int position = records.sizeInBytes();
        MemoryRecords appended = MemoryRecords.readableRecords(batches.slice());
        try {
            records.append(appended);
        } catch (IOException e) {
            dropPartialWrite(position, e);
            throw e;
        }
        for (MutableRecordBatch batch : appended.batches()) {
            onBatch(batch, position);
            onBatch.accept(batch);
            position += batch.sizeInBytes();
        }
    }

    /**
     * Reads whole batches from {@code position}, for a rewrite of this closed segment: as many as fit in
     * {@code buffer}, or the one batch there alone, in a buffer of its size, when it does not fit.
     *
     * @return the batches from position to limit; none at the end of the segment
     */
    ByteBuffer readBatches(int position, ByteBuffer buffer) throws IOException {
        int size = 0;
        try {
            for (FileChannelRecordBatch batch : records.batchesFrom(position)) {
                if (size > 0 && size + batch.sizeInBytes() > buffer.capacity()) {
                    break;
                }
                size += batch.sizeInBytes();
            }
        } catch (KafkaException e) {
            throw unreadable(e);
        }
        ByteBuffer target = size > buffer.capacity() ? ByteBuffer.allocate(size) : buffer.clear().limit(size);
        records.readInto(target, position);
        return target;
    }

    private void onBatch(RecordBatch batch, int position) {
        if (position == 0) {
            rollingBasedTimestamp = batch.maxTimestamp();
        }
        if (batch.maxTimestamp() > maxTimestampSoFar.timestamp()) {
            maxTimestampSoFar = new TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            offsetIndex.append(batch.lastOffset(), position);
            timeIndex.maybeAppend(maxTimestampSoFar.timestamp(), maxTimestampSoFar.offset(), false);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batch.sizeInBytes();
        nextOffset = batch.nextOffset();
    }

    private void dropPartialWrite(int position, IOException failure) {
        try {
            records.truncateTo(position);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Reads whole consecutive batches, starting with the one that holds {@code fetchOffset} (or the first after
     * it), that end at or before {@code endPosition}, hold no offset at or past {@code maxOffset} and together fit
     * in {@code maxBytes} (the first batch always fits when {@code minOneBatch}).
     *
     * @return the slice, {@link LogSlice#EMPTY} when the first batch does not fit, or null when no batch of this
     *     segment up to {@code endPosition} reaches {@code fetchOffset}
     */
    LogSlice read(long fetchOffset, int maxBytes, long maxOffset, boolean minOneBatch, int endPosition)
            throws IOException {
        long start = -1;
        long end = -1;
        boolean found = false;
        try {
            for (FileChannelRecordBatch batch : records.batchesFrom(offsetIndex.lookup(fetchOffset))) {
                if ((long) batch.position() + batch.sizeInBytes() > endPosition) {
                    break;
                }
                boolean first = start < 0;
                if (first && batch.lastOffset() < fetchOffset) {
                    continue;
                }
                found = true;
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
            throw unreadable(e);
        }
        if (start >= 0) {
            return new FileLogSlice(records.channel(), start, (int) (end - start));
        }
        return found ? LogSlice.EMPTY : null;
    }

    /**
     * Finds, through the time index, the first record at or after {@code startOffset} whose timestamp is at or
     * after {@code timestamp}, as Kafka's ListOffsets does: the batch by its max timestamp, then the record in it.
     *
     * @return that record's timestamp and offset; empty when the batch holds {@code maxOffset} or beyond, or when
     *     no batch up to {@code endPosition} is that new
     */
    Optional<TimestampOffset> findOffsetByTimestamp(long timestamp, long startOffset, long maxOffset, int endPosition)
            throws IOException {
        TimestampOffset entry = timeIndex.lookup(timestamp);
        int position = offsetIndex.lookup(Math.max(entry.offset(), startOffset));
        try {
            for (FileChannelRecordBatch batch : records.batchesFrom(position)) {
                if ((long) batch.position() + batch.sizeInBytes() > endPosition) {
                    break;
                }
                if (batch.lastOffset() < startOffset || batch.maxTimestamp() < timestamp) {
                    continue;
                }
                if (batch.lastOffset() >= maxOffset) {
                    return Optional.empty();
                }
                for (Record record : batch) {
                    if (record.offset() >= startOffset && record.timestamp() >= timestamp) {
                        return Optional.of(new TimestampOffset(record.timestamp(), record.offset()));
                    }
                }
            }
        } catch (KafkaException e) {
            throw unreadable(e);
        }
        return Optional.empty();
    }

    /**
     * Loads a segment that was closed cleanly, trusting its files after Kafka's sanity checks plus one: the last
     * offset index entry must point at a batch ending with that offset, inside the file.
     *
     * @return why the segment cannot be trusted and must be recovered, or null when it is loaded
     */
    String loadCleanly() throws IOException {
        if (indexesCreated) {
            return "a missing index file";
        }
        String defect = offsetIndex.defect();
        if (defect == null) {
            defect = timeIndex.defect();
        }
        if (defect != null) {
            return defect;
        }
        try {
            if (!offsetIndex.isEmpty()) {
                int lastPosition = offsetIndex.lastPosition();
                Iterator<FileChannelRecordBatch> at = records.batchesFrom(lastPosition).iterator();
                if (lastPosition >= records.sizeInBytes() || !at.hasNext()
                        || at.next().lastOffset() != offsetIndex.lastOffset()) {
                    return "the last offset index entry points at no batch with its offset";
                }
            }
            int position = offsetIndex.lastPosition();
            long next = offsetIndex.isEmpty() ? baseOffset : offsetIndex.lastOffset() + 1;
            for (FileChannelRecordBatch batch : records.batchesFrom(position)) {
                next = batch.nextOffset();
                position = batch.position() + batch.sizeInBytes();
            }
            if (position != records.sizeInBytes()) {
                return "a torn batch at position " + position;
            }
            nextOffset = next;
            readFirstBatchTimestamp();
        } catch (KafkaException e) {
            throwIfIoFailure(e);
            return e.getMessage();
        }
        TimestampOffset last = timeIndex.lastEntry();
        maxTimestampSoFar = last.timestamp() == RecordBatch.NO_TIMESTAMP ? UNKNOWN : last;
        return null;
    }

    private void readFirstBatchTimestamp() {
        Iterator<FileChannelRecordBatch> batches = records.batches().iterator();
        rollingBasedTimestamp = batches.hasNext() ? batches.next().maxTimestamp() : RecordBatch.NO_TIMESTAMP;
    }

    /**
     * Rebuilds the indexes from the batches, checking each (v2, CRC, sizes, offsets increasing from the base
     * offset), and truncates the file at the first one that is torn, short or corrupt, as Kafka's recovery does. The
     * aborted transactions whose marker is not among the valid batches go; the others stay, since only the broker
     * knows where a transaction started (it records again those of markers after its producer snapshot).
     *
     * @param epochs told of every valid batch, in order
     */
    Recovery recover(LeaderEpochCache epochs) throws IOException {
        offsetIndex.truncateToEntries(0);
        timeIndex.truncateToEntries(0);
        resizeIndexes();
        bytesSinceLastIndexEntry = 0;
        maxTimestampSoFar = UNKNOWN;
        nextOffset = baseOffset;
        int validBytes = 0;
        String defect = null;
        try {
            Iterator<FileChannelRecordBatch> batches = records.batches().iterator();
            while (defect == null && batches.hasNext()) {
                FileChannelRecordBatch batch = batches.next();
                defect = defectOf(batch);
                if (defect == null) {
                    onBatch(batch, validBytes);
                    epochs.onBatch(batch);
                    validBytes += batch.sizeInBytes();
                }
            }
        } catch (KafkaException e) {
            throwIfIoFailure(e);
            defect = e.getMessage();
        }
        if (validBytes == 0) {
            rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;
        }
        int droppedBytes = records.truncateTo(validBytes);
        txnIndex.truncateFrom(nextOffset);
        if (droppedBytes > 0 && defect == null) {
            defect = "a torn or short batch";
        }
        return new Recovery(nextOffset, validBytes, droppedBytes, droppedBytes > 0 ? defect : null);
    }

    private String defectOf(FileChannelRecordBatch batch) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            return "magic " + batch.magic();
        }
        batch.ensureValid();
        if (batch.baseOffset() < nextOffset) {
            return "base offset " + batch.baseOffset() + " below the expected " + nextOffset;
        }
        if (batch.lastOffset() < batch.baseOffset() || !offsetIndex.canAppendOffset(batch.lastOffset())) {
            return "last offset " + batch.lastOffset() + " out of the segment's range";
        }
        return null;
    }

    /** A batch that cannot be read while serving: thrown as the I/O error itself, or returned naming the file. */
    private IOException unreadable(KafkaException e) throws IOException {
        throwIfIoFailure(e);
        return new IOException("Unreadable batch in " + records.file(), e);
    }

    /** Kafka's record classes wrap I/O errors in unchecked exceptions; a real one must reach the broker as is. */
    private static void throwIfIoFailure(KafkaException e) throws IOException {
        if (e.getCause() instanceof IOException io && !(io instanceof EOFException)) {
            throw io;
        }
    }

    /** Grows the indexes back to the preallocated size, for the segment that becomes active again after a load. */
    void resizeIndexes() throws IOException {
        offsetIndex.resize(maxIndexSize);
        timeIndex.resize(maxIndexSize);
    }

    /** As Kafka on roll and close: a last time index entry for the largest timestamp, then indexes cut to size. */
    void onBecomeInactive() throws IOException {
        TimestampOffset max = maxTimestampSoFar;
        if (max != UNKNOWN) {
            timeIndex.maybeAppend(max.timestamp(), max.offset(), true);
        }
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    /** Forces the log and its indexes to the disk. */
    void flush() throws IOException {
        records.flush();
        offsetIndex.flush();
        timeIndex.flush();
        txnIndex.flush();
    }

    /**
     * Renames the segment's files from Kafka's suffix {@code oldSuffix} to {@code newSuffix} (either may be empty),
     * the {@code .log} first and then the indexes, the order Kafka's loader expects; open slices stay readable.
     */
    void changeFileSuffixes(String oldSuffix, String newSuffix) throws IOException {
        records.renameTo(withSuffix(records.file().toPath(), oldSuffix, newSuffix).toFile());
        offsetIndex.renameTo(withSuffix(offsetIndex.file(), oldSuffix, newSuffix));
        timeIndex.renameTo(withSuffix(timeIndex.file(), oldSuffix, newSuffix));
        txnIndex.renameTo(withSuffix(txnIndex.file(), oldSuffix, newSuffix));
    }

    private static Path withSuffix(Path file, String oldSuffix, String newSuffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(oldSuffix)) {
            throw new IllegalStateException(file + " does not end with " + oldSuffix);
        }
        return file.resolveSibling(name.substring(0, name.length() - oldSuffix.length()) + newSuffix);
    }

    /** Sets the time of the last change of the {@code .log}, which retention by time reads when batches have none. */
    void setLastModifiedMs(long lastModifiedMs) throws IOException {
        Files.setLastModifiedTime(logFile(), FileTime.fromMillis(lastModifiedMs));
    }

    /**
     * Releases the segment's file without deleting anything: for a segment whose directory has been renamed and is
     * deleted as a whole, where the paths it knows may already name another log's files.
     */
    void closeHandles() throws IOException {
        records.closeHandlers();
        txnIndex.closeHandle();
    }

    /** Closes the file and deletes the segment's files, wherever they are now. */
    void closeAndDelete() throws IOException {
        records.closeHandlers();
        Files.deleteIfExists(records.file().toPath());
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
        txnIndex.deleteIfExists();
    }

    /**
     * Flushes, cuts the indexes to their entries and closes the file, closing it even when the rest fails. Slices
     * handed out can no longer be read.
     */
    @Override
    public void close() throws IOException {
        try {
            onBecomeInactive();
            offsetIndex.flush();
            timeIndex.flush();
            txnIndex.close();
            records.close();
        } catch (IOException | RuntimeException e) {
            try {
                closeHandles();
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
     * @param nextOffset one past the last offset of the last valid batch
     * @param validBytes the size of the valid batches, and now of the file
     * @param droppedBytes the bytes cut off after them
     * @param defect why the bytes were cut off, or null when none were
     */
    record Recovery(long nextOffset, int validBytes, int droppedBytes, String defect) {
    }
}
