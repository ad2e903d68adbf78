package dev.ferry.kernel.partition;

import dev.ferry.coordinator.runtime.ControlBatches;
import dev.ferry.coordinator.runtime.SerialExecutor;
import dev.ferry.services.broker.AbortedTransaction;
import dev.ferry.services.broker.AppendResult;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.FetchedPartition;
import dev.ferry.services.broker.PartitionOffsets;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.ProducerState;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.AbortedTransactionRange;
import dev.ferry.spi.storage.BatchFilter;
import dev.ferry.spi.storage.LogAppend;
import dev.ferry.spi.storage.LogMove;
import dev.ferry.spi.storage.LogOffsetOutOfRangeException;
import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.ProducerSnapshot;
import dev.ferry.spi.storage.RewriteResult;
import dev.ferry.spi.storage.SegmentInfo;
import dev.ferry.spi.storage.TimestampOffset;
import dev.ferry.spi.time.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition this broker leads: its log, its high watermark, its producers, its effective topic config, and the lock
 * that orders its appends and deletions. Alone, the leader is the whole in-sync replica set, so the high watermark
 * follows the log end offset; open transactions hold the last stable offset back. A move to another log directory
 * replaces the log, under the lock, so each read takes the log once.
 */
public final class Partition {

    static final int LEADER_EPOCH = 0;
    private static final Logger LOG = LoggerFactory.getLogger(Partition.class);

    private volatile PartitionLog log;
    private final Clock clock;
    private final Executor ownThread;
    private final Object appendLock = new Object();
    private volatile Map<String, String> config;
    private volatile AppendRules appendRules;
    private final ProducerStates producers;
    private final VisibleBytes visibleBytes = new VisibleBytes();
    private volatile long highWatermark;
    private volatile long lastStableOffset;
    private boolean closed;

    private Partition(PartitionLog log, Map<String, String> config, Clock clock, Executor storageThreads) {
        this.log = log;
        this.clock = clock;
        this.ownThread = new SerialExecutor(storageThreads);
        this.config = Map.copyOf(config);
        this.appendRules = AppendRules.of(config);
        this.producers = new ProducerStates(log.partition());
    }

    /**
     * Serves a log, first rebuilding its producers' state (their epochs and sequence numbers, open transactions and
     * aborted ones): from the newest snapshot the log keeps and the batches after it, or from every batch of a log that
     * keeps none.
     *
     * @param clock the broker's, which stamps appends ({@code LogAppendTime}), checks their timestamps and dates
     *     transaction markers
     * @param storageThreads the broker's threads for disk work ({@code num.io.threads}), which the partition's appends
     *     and lookups run on, one at a time and in order
     */
    static Partition open(PartitionLog log, Map<String, String> config, Clock clock, Executor storageThreads)
            throws IOException {
        Partition partition = new Partition(log, config, clock, storageThreads);
        long replayFrom = partition.restoreProducers();
        PartitionReplay.read(log, replayFrom, log.logEndOffset(), PartitionReplay.READ_BYTES, batch -> {
            partition.recover(batch);
            return true;
        });
        partition.advanceHighWatermark();
        partition.snapshotProducersOnRoll();
        return partition;
    }

    /** Loads the newest producer snapshot of the log, if it keeps one; returns the offset the replay goes on from. */
    private long restoreProducers() throws IOException {
        long logStartOffset = log.logStartOffset();
        Optional<ProducerSnapshot> snapshot = log.keepsProducerState()
                ? log.latestProducerSnapshot()
                : Optional.empty();
        if (snapshot.isEmpty()) {
            return logStartOffset;
        }
        long offset = snapshot.get().offset();
        try {
            List<ProducerEntry> entries = ProducerSnapshotFormat.decode(snapshot.get().data());
            List<ProducerStates.AbortedRange> aborted = log.abortedTransactions(logStartOffset, offset).stream()
                    .filter(range -> range.lastOffset() < offset)
                    .map(range -> new ProducerStates.AbortedRange(range.producerId(), range.firstOffset(),
                            range.lastOffset()))
                    .toList();
            producers.restore(entries, aborted);
            return offset;
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring the producer snapshot of {} at offset {} ({}): reading the whole log instead",
                    topicPartition(), offset, e.getMessage());
            return logStartOffset;
        }
    }

    private void recover(RecordBatch batch) {
        if (!batch.isControlBatch()) {
            producers.append(batch);
            return;
        }
        ControlBatches.transactionMarker(batch).ifPresent(marker -> recordAborted(producers.endTransaction(
                batch.producerId(), batch.producerEpoch(), marker.controlType() == ControlRecordType.COMMIT,
                marker.coordinatorEpoch(), batch.baseOffset(), batch.maxTimestamp()), batch.baseOffset() + 1));
    }

    /** Has the log record a transaction aborted by a marker just below {@code endOffset}, if it keeps them. */
    private void recordAborted(Optional<ProducerStates.AbortedRange> aborted, long endOffset) {
        aborted.ifPresent(range -> {
            try {
                log.appendAbortedTransaction(new AbortedTransactionRange(range.producerId(), range.firstOffset(),
                        range.lastOffset(), producers.lastStableOffset(log.logStartOffset(), endOffset)));
            } catch (IOException e) {
                // the marker is in the log: a start without this record reads the log from an earlier snapshot
                LOG.warn("Recording the aborted transaction {} of {} failed", range, topicPartition(), e);
            }
        });
    }

    private void snapshotProducersOnRoll() {
        if (log.keepsProducerState()) {
            log.onRoll(offset -> producers.snapshot());
        }
    }

    /**
     * Stores the producers' state as of the log end offset, so that the next start reads only what is appended after
     * it: at shutdown, before the storage engine closes the log. Blocks on disk I/O.
     */
    void writeProducerSnapshot() throws IOException {
        synchronized (appendLock) {
            if (!closed && log.keepsProducerState()) {
                log.writeProducerSnapshot(new ProducerSnapshot(log.logEndOffset(), producers.snapshot()));
            }
        }
    }

    /** Alone in the in-sync replica set, the leader's appends are committed once written. Under the append lock. */
    private void advanceHighWatermark() {
        highWatermark = log.logEndOffset();
        lastStableOffset = producers.lastStableOffset(log.logStartOffset(), highWatermark);
        visibleBytes.advance(highWatermark, lastStableOffset);
    }

    /**
     * The bytes appended since the partition opened that a consumer of this isolation level can read: it grows as
     * readable records arrive, so a waiting fetch learns how much came without reading.
     */
    long readableBytes(boolean readCommitted) {
        return visibleBytes.readable(readCommitted);
    }

    /**
     * Runs the partition's appends and disk lookups one at a time, in the order given, on the broker's storage
     * threads: off the network threads, and with a producer's pipelined batches kept in order.
     */
    Executor ownThread() {
        return ownThread;
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

    /** The first offset of the oldest open transaction, or the high watermark when none is open. */
    public long lastStableOffset() {
        return lastStableOffset;
    }

    /** Where the records not yet seen by the log cleaner start. */
    public long cleanedOffset() {
        return log.cleanedOffset();
    }

    /** The aborted transactions with records in [{@code fromOffset}, {@code toOffset}). */
    public List<AbortedTransaction> abortedTransactions(long fromOffset, long toOffset) {
        return producers.abortedTransactions(fromOffset, toOffset);
    }

    /**
     * Forgets the aborted transaction whose abort marker was at {@code markerOffset}: the log cleaner drops the marker,
     * no record of the transaction being left. Safe to call while fetches read: they no longer hear of it.
     */
    public void forgetAbortedTransaction(long markerOffset) {
        producers.forgetAborted(markerOffset);
    }

    /** Where each producer's state was last written, by producer id, for the log cleaner to keep. */
    public Map<Long, ProducerLastBatch> producersLastBatches() {
        synchronized (appendLock) {
            return producers.lastBatches();
        }
    }

    /**
     * Reads batches from the one holding {@code fromOffset} up to {@code endOffset} while {@code batches} asks for
     * more, blocking on disk I/O: for the log cleaner's thread.
     *
     * @return the offset after the last batch read
     */
    public long readBatches(long fromOffset, long endOffset, int readBytes, Predicate<RecordBatch> batches)
            throws IOException {
        return PartitionReplay.read(log, fromOffset, endOffset, readBytes, batches);
    }

    /** Has the log rewrite its closed segments below {@code endOffset}. Call with the storage plugin's loader. */
    RewriteResult rewrite(long endOffset, BatchFilter filter) throws IOException {
        return log.rewrite(endOffset, filter);
    }

    public List<SegmentInfo> segments() {
        return log.segments();
    }

    /** The log, for reports on its size and place; appends and deletions go through this partition. */
    PartitionLog log() {
        return log;
    }

    /**
     * Validates and appends produced batches; a retry of a batch appended before is answered with that batch's offset
     * and not appended again.
     *
     * @param fromClient whether a producer sent them, rather than the broker itself
     * @param ongoingTransaction whether the coordinator has this partition in a producer's ongoing transaction; asked
     *     of a client batch that would open a transaction here
     */
    AppendResult append(ByteBuffer records, boolean fromClient, Predicate<ProducerIdAndEpoch> ongoingTransaction)
            throws IOException {
        AppendRules rules = appendRules;
        long nowMs = clock.milliseconds();
        ValidatedBatches batches = BatchValidator.validate(topicPartition(), records, rules, nowMs);
        synchronized (appendLock) {
            checkOpen();
            Optional<ProducerEntry.BatchMetadata> retried = producers.check(batches.batches(),
                    fromClient ? ongoingTransaction : null);
            if (retried.isPresent()) {
                return new AppendResult(retried.get().firstOffset(),
                        rules.logAppendTime() ? retried.get().timestamp() : -1, log.logStartOffset());
            }
            long logAppendTime = rules.logAppendTime() ? nowMs : -1;
            LogAppend append = batches.assignOffsets(log.logEndOffset(), LEADER_EPOCH, logAppendTime);
            int bytes = append.sizeInBytes();
            log.append(append);
            visibleBytes.appended(append.firstOffset(), bytes);
            batches.batches().forEach(producers::append);
            advanceHighWatermark();
            return new AppendResult(append.firstOffset(), logAppendTime, log.logStartOffset());
        }
    }

    /** Appends a transaction marker (a control batch) that commits or aborts the producer's open transaction. */
    void writeTransactionMarker(ProducerIdAndEpoch producer, boolean commit, int coordinatorEpoch)
            throws IOException {
        synchronized (appendLock) {
            checkOpen();
            producers.checkMarker(producer.producerId(), producer.epoch(), coordinatorEpoch);
            long offset = log.logEndOffset();
            long nowMs = clock.milliseconds();
            MemoryRecords marker = MemoryRecords.withEndTransactionMarker(offset, nowMs, LEADER_EPOCH,
                    producer.producerId(), producer.epoch(),
                    new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT,
                            coordinatorEpoch));
            int bytes = marker.sizeInBytes();
            log.append(new LogAppend(marker.buffer(), offset, offset, nowMs, offset));
            visibleBytes.appended(offset, bytes);
            Optional<ProducerStates.AbortedRange> aborted = producers.endTransaction(producer.producerId(),
                    producer.epoch(), commit, coordinatorEpoch, offset, nowMs);
            advanceHighWatermark();
            recordAborted(aborted, log.logEndOffset());
        }
    }

    List<ProducerState> producers() {
        synchronized (appendLock) {
            return producers.describe();
        }
    }

    /** Forgets the producers idle for longer than {@code producer.id.expiration.ms} with no transaction open. */
    public void expireProducers(long nowMs, long expirationMs) {
        synchronized (appendLock) {
            producers.expire(nowMs, expirationMs);
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
            snapshotProducersOnRoll();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new BrokerException(BrokerError.UNKNOWN_TOPIC_OR_PARTITION, topicPartition() + " was deleted");
        }
    }

    /**
     * Reads from {@code fetchOffset} up to the high watermark, or for {@code readCommitted} up to the last stable
     * offset, with the aborted transactions the read range holds.
     */
    FetchedPartition read(long fetchOffset, int maxBytes, boolean minOneBatch, boolean readCommitted)
            throws IOException {
        PartitionLog log = this.log;
        long stable = lastStableOffset;
        long watermark = highWatermark;
        long logStartOffset = log.logStartOffset();
        if (fetchOffset < logStartOffset || fetchOffset > log.logEndOffset()) {
            return outOfRange(watermark, stable, logStartOffset);
        }
        long limit = readCommitted ? stable : watermark;
        try {
            LogSlice records = fetchOffset >= limit
                    ? LogSlice.EMPTY
                    : log.read(fetchOffset, maxBytes, limit, minOneBatch);
            List<AbortedTransaction> aborted = readCommitted && records.sizeInBytes() > 0
                    ? producers.abortedTransactions(fetchOffset, limit)
                    : List.of();
            return new FetchedPartition(topicPartition(), BrokerError.NONE, watermark, stable, logStartOffset,
                    aborted, records);
        } catch (LogOffsetOutOfRangeException e) {
            // retention moved the log start between the check above and the read
            return outOfRange(watermark, stable, log.logStartOffset());
        }
    }

    private FetchedPartition outOfRange(long watermark, long stable, long logStartOffset) {
        return new FetchedPartition(topicPartition(), BrokerError.OFFSET_OUT_OF_RANGE, watermark, stable,
                logStartOffset, List.of(), LogSlice.EMPTY);
    }

    PartitionOffsets offsets() {
        PartitionLog log = this.log;
        return new PartitionOffsets(log.logStartOffset(), highWatermark, lastStableOffset, log.logEndOffset());
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
                producers.logStartMovedTo(log.logStartOffset());
                advanceHighWatermark();
            }
            return log.logStartOffset();
        }
    }
}
