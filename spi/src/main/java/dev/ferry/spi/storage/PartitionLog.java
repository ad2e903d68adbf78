package dev.ferry.spi.storage;

import dev.ferry.spi.TopicPartition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The append-only log of one partition: record batches in Kafka's v2 format, in offset order.
 *
 * <p>Threading: the broker serialises {@link #append} calls of one log; {@link #read} and the offset
 * getters may run concurrently with an append and must see either none or all of it.
 */
public interface PartitionLog {

    TopicPartition partition();

    /** The directory that holds this log's files; its parent is one of the broker's log directories. */
    Path directory();

    /**
     * Applies a changed topic configuration (same keys as {@link StorageEngine#open}) from the next append or roll
     * on; segments already written stay as they are.
     */
    void reconfigure(Map<String, String> topicConfig);

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
     * @throws LogOffsetOutOfRangeException when {@code fetchOffset} is no longer (or not yet) in the log
     */
    LogSlice read(long fetchOffset, int maxBytes, long maxOffset, boolean minOneBatch) throws IOException;

    /**
     * Finds the first record at or after the log start offset whose timestamp is at or after {@code timestamp},
     * as Kafka's ListOffsets does: the batch through the time index, then the record within it.
     *
     * @param maxOffset consider no batch holding an offset at or beyond this one (the high watermark)
     * @return the record's timestamp and offset, or empty when no record is that recent
     */
    Optional<TimestampOffset> offsetForTimestamp(long timestamp, long maxOffset) throws IOException;

    /**
     * The largest timestamp in the log and the offset of its batch's last record (Kafka's MAX_TIMESTAMP answer), or
     * empty for a log without timestamps.
     */
    Optional<TimestampOffset> maxTimestamp() throws IOException;

    /** The segments, oldest first; the last one is the active segment. */
    List<SegmentInfo> segments();

    /**
     * Moves the log start offset forward to {@code offset} (never back), for retention and DeleteRecords, and
     * deletes every segment whose records all lie below it. Reads of offsets below it fail from now on; slices
     * already handed out stay readable for a while (Kafka's {@code file.delete.delay.ms}).
     *
     * @param offset at most the log end offset
     */
    void deleteRecordsBefore(long offset) throws IOException;

    /**
     * The offset below which the log's last {@link #rewrite} cleaned it, kept across restarts as Kafka's
     * {@code cleaner-offset-checkpoint} keeps it; the log start offset when the log was never rewritten or when its
     * start moved past that offset. Records from here on are "dirty": not yet seen by a cleaning.
     */
    default long cleanedOffset() {
        return logStartOffset();
    }

    /**
     * Rewrites the closed segments that lie wholly below {@code endOffset}, keeping what {@code filter} keeps, as
     * Kafka's log cleaner does; then {@link #cleanedOffset()} is {@code endOffset}. Only logs of an engine that
     * {@link StorageEngine#supportsRewrite() supports rewriting} are asked.
     *
     * <ul>
     *   <li>The engine passes every batch of those segments, oldest first, to {@code filter} and writes what it
     *       returns into new segments: each record keeps its offset, so the rewritten log has gaps where records
     *       went. Consecutive segments may be merged into one while it stays within the topic's
     *       {@code segment.bytes}; a new segment takes the base offset of the first one it replaces.</li>
     *   <li>The new segments then replace the old ones in one step as far as readers see: a read sees either the old
     *       or the new segments, never a mix within a merged group. Slices already read from old segments stay
     *       readable for {@code file.delete.delay.ms}.</li>
     *   <li>Crash safety: a stop at any moment leaves, after the next {@link StorageEngine#open}, either the old
     *       segments or the complete new ones of each merged group, and never loses a record that the filter
     *       kept. As in Kafka, a stop in the middle of the swap may bring back records the filter dropped at the end
     *       of a group (after the last kept batch); they wait for the next cleaning.</li>
     *   <li>Appends and reads go on meanwhile; the active segment is never rewritten. A {@link #deleteRecordsBefore}
     *       running meanwhile wins: segments it deleted are not brought back.</li>
     * </ul>
     *
     * <p>Blocks on I/O for as long as it takes: the broker calls it from a cleaner thread of its own, one rewrite
     * of a log at a time.
     *
     * @param endOffset the base offset of a segment (at most the active segment's): the rewrite covers the segments
     *     before it
     * @param filter what to keep
     * @throws UnsupportedOperationException when the engine does not support rewriting
     * @throws IOException when reading or writing fails, or the filter gave up: the log is left as it was
     */
    default RewriteResult rewrite(long endOffset, BatchFilter filter) throws IOException {
        throw new UnsupportedOperationException("The log of " + partition() + " cannot be rewritten");
    }

    /**
     * Whether this log keeps its partition's producer state as Kafka does: snapshots ({@link #onRoll},
     * {@link #writeProducerSnapshot}, {@link #latestProducerSnapshot}) and the aborted transactions
     * ({@link #appendAbortedTransaction}). The broker then rebuilds the producers of a partition from its newest
     * snapshot and the log after it; otherwise it reads the whole log at open. The default: it does not.
     */
    default boolean keepsProducerState() {
        return false;
    }

    /**
     * Tells the log how to snapshot its partition's producer state. At each roll the log asks {@code snapshotAt} for
     * the state as of the new segment's base offset, on the appending thread (the broker holds its appends meanwhile,
     * so the state is exact), and stores it as Kafka's {@code <offset>.snapshot} without making the append wait for
     * the disk. Snapshots go with the segments below them.
     */
    default void onRoll(LongFunction<ByteBuffer> snapshotAt) {
    }

    /**
     * Stores a snapshot, replacing one at the same offset, and forces it to the disk. Blocks on I/O: the broker calls
     * it from its shutdown thread before the log closes.
     */
    default void writeProducerSnapshot(ProducerSnapshot snapshot) throws IOException {
    }

    /**
     * The newest snapshot stored at an offset from the log start offset to the log end offset, or empty when there is
     * none (the broker then reads the whole log). A snapshot beyond the log end (the log lost its tail in a crash) is
     * never returned.
     */
    default Optional<ProducerSnapshot> latestProducerSnapshot() throws IOException {
        return Optional.empty();
    }

    /**
     * Records an aborted transaction whose abort marker is in the log at {@code aborted.lastOffset()}, durably with the
     * segment holding the marker (Kafka's {@code .txnindex}); a record of a marker already recorded changes nothing.
     * Called by the appending thread right after it appended the marker.
     */
    default void appendAbortedTransaction(AbortedTransactionRange aborted) throws IOException {
    }

    /**
     * The aborted transactions recorded whose marker is at or after {@code fromOffset} and whose first record is
     * before {@code toOffset}, in marker order.
     */
    default List<AbortedTransactionRange> abortedTransactions(long fromOffset, long toOffset) throws IOException {
        return List.of();
    }

    /** Forces every appended byte to the disk. Blocks on I/O: never call it on a network thread. */
    void flush() throws IOException;

    /** Flushes and releases the log's files. */
    void close() throws IOException;
}
