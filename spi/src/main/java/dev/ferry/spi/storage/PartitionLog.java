package dev.ferry.spi.storage;

import dev.ferry.spi.TopicPartition;
import java.io.IOException;

/**
 * The append-only log of one partition: record batches in Kafka's v2 format, in offset order.
 *
 * <p>Threading: the broker serialises {@link #append} calls of one log; {@link #read} and the offset
 * getters may run concurrently with an append and must see either none or all of it.
 */
public interface PartitionLog {

    TopicPartition partition();

    /** The first offset still in the log. */
    long logStartOffset();

    /** The offset the next appended record will get: one past the last record in the log. */
    long logEndOffset();

    /** The size of the log in bytes. */
    long sizeInBytes();

    /**
     * Appends batches whose offsets the broker has already assigned; {@link LogAppend#firstOffset()} is
     * always {@link #logEndOffset()}. When this returns, a {@link #read} sees the batches.
     */
    void append(LogAppend append) throws IOException;

    /**
     * Reads whole batches starting with the one that holds {@code fetchOffset}.
     *
     * @param fetchOffset the first offset wanted; from {@link #logStartOffset()} to {@link #logEndOffset()}
     * @param maxBytes stop before a batch that would take the slice over this size
     * @param maxOffset read no batch holding an offset at or beyond this one (the high watermark)
     * @param minOneBatch return the first batch even when it is larger than {@code maxBytes}
     * @return the batches, or an empty slice when there is nothing to read
     */
    LogSlice read(long fetchOffset, int maxBytes, long maxOffset, boolean minOneBatch) throws IOException;

    /** Forces every appended byte to the disk. */
    void flush() throws IOException;

    /** Flushes and releases the log's files. */
    void close() throws IOException;
}
