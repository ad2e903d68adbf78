package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.AbortedTransactionRange;
import dev.ferry.spi.storage.BatchFilter;
import dev.ferry.spi.storage.LogAppend;
import dev.ferry.spi.storage.LogOffsetOutOfRangeException;
import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.ProducerSnapshot;
import dev.ferry.spi.storage.RewriteResult;
import dev.ferry.spi.storage.SegmentInfo;
import dev.ferry.spi.storage.TimestampOffset;
import dev.ferry.spi.time.Scheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The log of one partition: a directory of segments in Kafka's format, the last one active.
 *
 * <p>An append writes its bytes first and then publishes the new log end (offset, active segment and position
 * together, in one volatile write); readers take that snapshot once and read no further, so they see all of an
 * append or none. Rolls, deletions and rewrites change the set of segments under {@link #structureLock}, each
 * publishing a new {@link Segments#view()} that readers take once too; fsync and file deletion run on the engine's
 * {@link BackgroundTasks}, never on the appending thread. A rewrite writes its new segments outside the lock, on
 * the caller's thread, and only swaps them in under it.
 *
 * <p>The log keeps its partition's producer state as Kafka does: producer snapshots ({@link ProducerSnapshotFiles}),
 * and each segment's aborted transactions ({@link TransactionIndex}). A snapshot reaches the disk only after the
 * segments below its offset: whatever a crash leaves, the aborted transactions of the log below the newest snapshot
 * are there, and the broker records again those after it as it reads the rest.
 */
final class SegmentLog implements PartitionLog {

    private final TopicPartition partition;
    private final Path directory;
    /** Replaced by {@link #reconfigure} under {@link #structureLock}; an append reads it once. */
    private volatile LogConfig config;
    private final LogDirectory logDirectory;
    private final BackgroundTasks tasks;
    private final Runnable onCheckpointChange;
    private final Consumer<SegmentLog> onClose;
    private final LeaderEpochCache epochs;
    private final Segments segments;
    private final ProducerSnapshotFiles snapshots;
    private final Set<LogSegment> deleting = ConcurrentHashMap.newKeySet();
    private final Object structureLock = new Object();
    private final Object flushLock = new Object();
    /** Held through a whole {@link #rewrite}, so that two never interleave their files. */
    private final Object rewriteLock = new Object();
    /** Set under {@link #rewriteLock} when a swap failed halfway: only the loader can finish it, at the next open. */
    private boolean swapUnfinished;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once the segment files are closed: by {@link #close}, or after {@link #retire} once no slice needs them. */
    private volatile boolean released;
    private final AtomicBoolean flushPending = new AtomicBoolean();
    private final AtomicBoolean epochWritePending = new AtomicBoolean();
    private final AtomicBoolean txnIndexFlushPending = new AtomicBoolean();
    /** The {@code flush.ms} task, when the config has one; replaced under {@link #structureLock}. */
    private Scheduler.Timeout periodicFlush;
    private volatile long logStartOffset;
    private volatile long recoveryPoint;
    /** The {@link #cleanedOffset()} last set, or -1 when the log was never rewritten. */
    private volatile long cleanedOffset;
    private volatile long lastFlushMs;
    /** Set under {@link #flushLock} by the close: a background flush that comes later finds nothing to do. */
    private boolean segmentsClosing;
    private volatile LogEnd end;

    /**
     * @param onCheckpointChange told when the recovery point, the log start offset or the cleaned offset moved, after
     *     {@link LogDirectory} got the new values
     * @param onClose told once when the log closes
     */
    SegmentLog(TopicPartition partition, Path directory, LogConfig config, LogLoader.Loaded loaded,
               LogDirectory logDirectory, BackgroundTasks tasks, Runnable onCheckpointChange,
               Consumer<SegmentLog> onClose) {
        this.partition = partition;
        this.directory = directory;
        this.config = config;
        this.logDirectory = logDirectory;
        this.tasks = tasks;
        this.onCheckpointChange = onCheckpointChange;
        this.onClose = onClose;
        this.epochs = loaded.epochs();
        this.segments = new Segments(loaded.segments());
        this.snapshots = loaded.snapshots();
        this.logStartOffset = loaded.logStartOffset();
        this.recoveryPoint = loaded.recoveryPoint();
        this.lastFlushMs = tasks.clock().milliseconds();
        LogSegment active = segments.view().lastEntry().getValue();
        this.end = new LogEnd(active.nextOffset(), active, active.sizeInBytes());
        OptionalLong checkpointed = logDirectory.cleanedOffset(partition);
        this.cleanedOffset = checkpointed.isPresent()
                ? Math.min(Math.max(checkpointed.getAsLong(), logStartOffset), end.offset())
                : -1;
        logDirectory.update(partition, recoveryPoint, logStartOffset);
        if (checkpointed.isPresent()) {
            logDirectory.updateCleanedOffset(partition, cleanedOffset);
        }
        scheduleEpochWrite();
        this.periodicFlush = schedulePeriodicFlush(config);
    }

    private Scheduler.Timeout schedulePeriodicFlush(LogConfig config) {
        return config.flushesOnTime()
                ? tasks.scheduleEvery("flush.ms of " + partition, this::flushIfDue, Math.max(1, config.flushMs()))
                : null;
    }

    @Override
    public Path directory() {
        return directory;
    }

    /**
     * Takes the new settings for the next append (roll size and age, flush.messages), the next roll (index size and
     * interval), the next deletion (file.delete.delay.ms) and the flush.ms timer, which is rescheduled when it changed.
     *
     * @throws IllegalArgumentException naming the key of a value out of range, leaving the config as it was
     */
    @Override
    public void reconfigure(Map<String, String> topicConfig) {
        LogConfig next = LogConfig.of(topicConfig);
        synchronized (structureLock) {
            if (closed.get()) {
                return;
            }
            if (next.flushMs() != config.flushMs()) {
                if (periodicFlush != null) {
                    periodicFlush.cancel();
                }
                periodicFlush = schedulePeriodicFlush(next);
            }
            config = next;
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

    long recoveryPoint() {
        return recoveryPoint;
    }

    LogConfig config() {
        return config;
    }

    @Override
    public long sizeInBytes() {
        LogEnd readable = end;
        long size = 0;
        for (LogSegment segment : segments.view().values()) {
            if (segment == readable.segment()) {
                return size + readable.position();
            }
            size += segment.sizeInBytes();
        }
        return size;
    }

    @Override
    public void append(LogAppend append) throws IOException {
        ensureOpen();
        LogEnd current = end;
        LogConfig config = this.config;
        if (append.firstOffset() != current.offset() || append.lastOffset() < append.firstOffset()) {
            throw new IllegalArgumentException("Append of offsets " + append.firstOffset() + " to "
                    + append.lastOffset() + " does not follow the log end offset " + current.offset() + " of "
                    + partition);
        }
        LogSegment active = current.segment();
        if (active.sizeInBytes() > 0 && active.shouldRoll(config, append.sizeInBytes(), append.maxTimestamp(),
                append.lastOffset(), tasks.clock().milliseconds())) {
            active = roll(current.offset());
        }
        active.append(append.records(), epochs::onBatch);
        long logEndOffset = append.lastOffset() + 1;
        end = new LogEnd(logEndOffset, active, active.sizeInBytes());
        if (epochs.isDirty()) {
            scheduleEpochWrite();
        }
        if (config.flushesOnMessages() && logEndOffset - recoveryPoint >= config.flushMessages()
                && flushPending.compareAndSet(false, true)) {
            tasks.execute("flush.messages of " + partition, () -> {
                flushPending.set(false);
                flushUpTo(end.offset());
            });
        }
    }

    /**
     * Closes the active segment for appends and starts a new one at {@code newBaseOffset}; the old one is flushed
     * in the background, which then moves the recovery point to the new base offset and writes the producer snapshot
     * taken here, as Kafka does.
     */
    private LogSegment roll(long newBaseOffset) throws IOException {
        BackgroundTasks.Task writeSnapshot = snapshots.takeAt(newBaseOffset);
        synchronized (structureLock) {
            LogSegment old = end.segment();
            old.onBecomeInactive();
            for (String suffix : LogSegment.FILE_SUFFIXES) {
                Files.deleteIfExists(LogSegment.file(directory, newBaseOffset, suffix));
            }
            LogSegment next = LogSegment.open(directory, newBaseOffset, config, tasks.clock().milliseconds());
            segments.add(next);
            end = new LogEnd(end.offset(), next, 0);
            tasks.execute("flush of the segments of " + partition + " below " + newBaseOffset
                    + " and its producer snapshot", () -> {
                        flushUpTo(newBaseOffset);
                        writeSnapshot.run();
                    });
            return next;
        }
    }

    @Override
    public LogSlice read(long fetchOffset, int maxBytes, long maxOffset, boolean minOneBatch) throws IOException {
        ensureReadable();
        LogEnd readable = end;
        long startOffset = logStartOffset;
        if (fetchOffset < startOffset || fetchOffset > readable.offset()) {
            throw new LogOffsetOutOfRangeException("Fetch offset " + fetchOffset + " is outside the log "
                    + partition + " [" + startOffset + ", " + readable.offset() + "]");
        }
        if (fetchOffset == readable.offset()) {
            return LogSlice.EMPTY;
        }
        NavigableMap<Long, LogSegment> current = segments.view();
        Map.Entry<Long, LogSegment> entry = current.floorEntry(fetchOffset);
        if (entry == null) {
            entry = current.firstEntry();
        }
        while (entry != null) {
            LogSegment segment = entry.getValue();
            LogSlice slice = segment.read(fetchOffset, maxBytes, maxOffset, minOneBatch, endOf(segment, readable));
            if (slice != null) {
                return slice;
            }
            if (segment == readable.segment()) {
                break;
            }
            entry = current.higherEntry(entry.getKey());
        }
        return LogSlice.EMPTY;
    }

    @Override
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp, long maxOffset) throws IOException {
        ensureReadable();
        LogEnd readable = end;
        long startOffset = logStartOffset;
        for (LogSegment segment : segments.view().values()) {
            if (segment.maxTimestampSoFar().timestamp() >= timestamp) {
                Optional<TimestampOffset> found = segment.findOffsetByTimestamp(timestamp, startOffset,
                        Math.min(maxOffset, readable.offset()), endOf(segment, readable));
                if (found.isPresent()) {
                    return found;
                }
            }
            if (segment == readable.segment()) {
                break;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<TimestampOffset> maxTimestamp() throws IOException {
        ensureReadable();
        LogEnd readable = end;
        TimestampOffset max = null;
        for (LogSegment segment : segments.view().values()) {
            TimestampOffset candidate = segment.maxTimestampSoFar();
            if (candidate.timestamp() != RecordBatch.NO_TIMESTAMP && candidate.offset() < readable.offset()
                    && (max == null || candidate.timestamp() > max.timestamp())) {
                max = candidate;
            }
            if (segment == readable.segment()) {
                break;
            }
        }
        return Optional.ofNullable(max);
    }

    @Override
    public List<SegmentInfo> segments() {
        LogEnd readable = end;
        List<SegmentInfo> infos = new ArrayList<>();
        NavigableMap<Long, LogSegment> view = segments.view();
        for (LogSegment segment : view.values()) {
            boolean active = segment == readable.segment();
            long lastModifiedMs;
            try {
                lastModifiedMs = segment.lastModifiedMs();
            } catch (IOException e) {
                lastModifiedMs = 0;
            }
            int size = endOf(segment, readable);
            // the first batch of the active segment may be written but not yet published
            long firstBatchTimestamp = size == 0 ? RecordBatch.NO_TIMESTAMP : segment.firstBatchTimestamp();
            // a compacted segment may end in a gap: it covers the offsets up to the next segment's base
            Long nextBase = view.higherKey(segment.baseOffset());
            long nextOffset = active ? readable.offset() : nextBase != null ? nextBase : segment.nextOffset();
            infos.add(new SegmentInfo(segment.baseOffset(), nextOffset, size, segment.maxTimestampSoFar().timestamp(),
                    lastModifiedMs, active, firstBatchTimestamp));
            if (active) {
                break;
            }
        }
        return infos;
    }

    /**
     * Moves the start and deletes, as Kafka does for a log start offset breach, the segments whose next segment
     * starts at or below it; the active segment always stays. Deleted segments are renamed {@code .deleted} now
     * and removed after {@code file.delete.delay.ms}.
     */
    @Override
    public void deleteRecordsBefore(long offset) throws IOException {
        ensureOpen();
        synchronized (structureLock) {
            long logEndOffset = end.offset();
            if (offset > logEndOffset) {
                throw new LogOffsetOutOfRangeException("Cannot delete records of " + partition + " before " + offset
                        + ": the log ends at " + logEndOffset);
            }
            if (offset <= logStartOffset) {
                return;
            }
            logStartOffset = offset;
            epochs.truncateFromStart(offset);
            synchronized (flushLock) {
                recoveryPoint = Math.max(recoveryPoint, offset);
            }
            NavigableMap<Long, LogSegment> current = segments.view();
            Map.Entry<Long, LogSegment> entry = current.firstEntry();
            Map.Entry<Long, LogSegment> next = current.higherEntry(entry.getKey());
            while (next != null && next.getKey() <= offset && entry.getValue() != end.segment()) {
                delete(entry.getValue());
                entry = next;
                next = current.higherEntry(entry.getKey());
            }
            long firstBase = entry.getKey();
            if (firstBase > current.firstKey()) {
                tasks.execute("deletion of the producer snapshots of " + partition + " below " + firstBase,
                        () -> snapshots.deleteBelow(firstBase));
            }
        }
        checkpointChanged();
        scheduleEpochWrite();
    }

    private void delete(LogSegment segment) throws IOException {
        segments.remove(List.of(segment));
        segment.changeFileSuffixes("", LogSegment.DELETED_SUFFIX);
        scheduleDeletion(segment);
    }

    /** Closes and deletes, after {@code file.delete.delay.ms}, a segment taken out of the log. */
    private void scheduleDeletion(LogSegment segment) {
        deleting.add(segment);
        tasks.schedule("deletion of " + segment, () -> {
            if (deleting.remove(segment)) {
                segment.closeAndDelete();
            }
        }, config.fileDeleteDelayMs());
    }

    @Override
    public long cleanedOffset() {
        return Math.max(cleanedOffset, logStartOffset);
    }

    /**
     * Rewrites the segments below {@code endOffset} as the SPI says: Kafka's cleaner groups them
     * ({@link SegmentGroups}), writes each group's new segment aside ({@link SegmentRewrite}) on this thread while
     * appends and reads go on, and swaps them in under the structure lock.
     *
     * @throws IllegalArgumentException when {@code endOffset} is not the base offset of a segment up to the active one
     *     (or of one deleted since, when there is nothing left to rewrite)
     * @throws IOException when the log is closed or moved, reading or writing fails, or the filter gave up
     */
    @Override
    public RewriteResult rewrite(long endOffset, BatchFilter filter) throws IOException {
        synchronized (rewriteLock) {
            ensureOpen();
            if (swapUnfinished) {
                throw new IOException("A rewrite of " + partition + " failed while swapping its segments in: the "
                        + "next open of the log finishes it");
            }
            List<List<LogSegment>> groups;
            LogConfig config;
            synchronized (structureLock) {
                config = this.config;
                groups = SegmentGroups.bySize(closedSegmentsBelow(endOffset), config, endOffset);
            }
            SegmentRewrite rewrite = SegmentRewrite.write(directory, config, groups, endOffset, filter, tasks.clock());
            RewriteResult result = swapIn(rewrite);
            cleanedOffset = endOffset;
            logDirectory.updateCleanedOffset(partition, endOffset);
            onCheckpointChange.run();
            return result;
        }
    }

    /** The segments before the one at {@code endOffset}, which must be the active segment or one before it. */
    private List<LogSegment> closedSegmentsBelow(long endOffset) {
        NavigableMap<Long, LogSegment> current = segments.view();
        if (endOffset < current.firstKey()) {
            return List.of(); // a deletion took it meanwhile, and everything below it
        }
        if (!current.containsKey(endOffset) || endOffset > end.segment().baseOffset()) {
            throw new IllegalArgumentException("A rewrite of " + partition + " must end at the base offset of a "
                    + "segment up to the active one, " + current.keySet() + ", not at " + endOffset);
        }
        return List.copyOf(current.headMap(endOffset, false).values());
    }

    /**
     * Swaps in the groups whose segments are all still in the log, in one change of the segments that readers see;
     * the old segments are deleted after {@code file.delete.delay.ms}, as deleted segments are.
     */
    private RewriteResult swapIn(SegmentRewrite rewrite) throws IOException {
        synchronized (structureLock) {
            if (closed.get()) {
                IOException closing = new IOException("The log of " + partition + " closed during its rewrite");
                try {
                    rewrite.discard();
                } catch (IOException e) {
                    closing.addSuppressed(e);
                }
                throw closing;
            }
            try {
                rewrite.dropGroupsNotIn(segments.view());
                rewrite.swap();
            } catch (IOException | RuntimeException e) {
                swapUnfinished = true;
                rewrite.abandon(e);
                throw e;
            }
            segments.replace(rewrite.replaced(), rewrite.replacements());
            rewrite.replaced().forEach(this::scheduleDeletion);
            return rewrite.result();
        }
    }

    @Override
    public boolean keepsProducerState() {
        return true;
    }

    @Override
    public void onRoll(LongFunction<ByteBuffer> snapshotAt) {
        snapshots.onRoll(snapshotAt);
    }

    /**
     * Flushes the log up to the snapshot's offset, then writes the snapshot.
     *
     * @throws IllegalArgumentException when the offset is beyond the log end
     */
    @Override
    public void writeProducerSnapshot(ProducerSnapshot snapshot) throws IOException {
        ensureOpen();
        if (snapshot.offset() > end.offset()) {
            throw new IllegalArgumentException("A producer snapshot of " + partition + " at " + snapshot.offset()
                    + ", beyond the log end " + end.offset());
        }
        flushUpTo(snapshot.offset());
        snapshots.write(snapshot.offset(), snapshot.data());
    }

    @Override
    public Optional<ProducerSnapshot> latestProducerSnapshot() throws IOException {
        ensureReadable();
        return snapshots.latest(logStartOffset, end.offset());
    }

    /**
     * Adds the entry to the {@code .txnindex} of the segment holding the marker.
     *
     * @throws IllegalArgumentException when no segment holds the marker's offset
     */
    @Override
    public void appendAbortedTransaction(AbortedTransactionRange aborted) throws IOException {
        ensureOpen();
        LogEnd current = end;
        Map.Entry<Long, LogSegment> holder = segments.view().floorEntry(aborted.lastOffset());
        if (holder == null || aborted.lastOffset() >= current.offset()) {
            throw new IllegalArgumentException("No segment of " + partition + " holds the marker of " + aborted);
        }
        LogSegment segment = holder.getValue();
        if (segment.transactionIndex().append(aborted) && segment != current.segment()
                && txnIndexFlushPending.compareAndSet(false, true)) {
            // recorded again after a crash lost it, or by a move: the segment may be flushed for good already
            tasks.execute("flush of the transaction indexes of " + partition, () -> {
                txnIndexFlushPending.set(false);
                for (LogSegment closedSegment : segments.view().values()) {
                    closedSegment.transactionIndex().flush();
                }
            });
        }
    }

    @Override
    public List<AbortedTransactionRange> abortedTransactions(long fromOffset, long toOffset) throws IOException {
        ensureReadable();
        NavigableMap<Long, LogSegment> current = segments.view();
        Long from = current.floorKey(fromOffset);
        return TransactionIndex.collect(current.tailMap(from == null ? current.firstKey() : from, true).values(),
                fromOffset, toOffset);
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        flushUpTo(end.offset());
    }

    private void flushIfDue() throws IOException {
        if (!closed.get() && end.offset() > recoveryPoint
                && tasks.clock().milliseconds() - lastFlushMs >= config.flushMs()) {
            flushUpTo(end.offset());
        }
    }

    /** Forces the segments holding offsets from the recovery point to {@code offset} to disk, then moves it. */
    private void flushUpTo(long offset) throws IOException {
        synchronized (flushLock) {
            if (offset <= recoveryPoint || segmentsClosing) {
                return;
            }
            NavigableMap<Long, LogSegment> current = segments.view();
            Long from = current.floorKey(recoveryPoint);
            for (LogSegment segment : current.subMap(from == null ? Long.MIN_VALUE : from, true, offset, false)
                    .values()) {
                try {
                    segment.flush();
                } catch (ClosedChannelException e) {
                    if (segments.view().containsValue(segment)) {
                        throw e;
                    }
                    // deleted meanwhile: nothing of it needs to last
                }
            }
            CheckpointFile.fsyncDirectory(directory);
            recoveryPoint = offset;
            lastFlushMs = tasks.clock().milliseconds();
        }
        checkpointChanged();
    }

    private void checkpointChanged() {
        logDirectory.update(partition, recoveryPoint, logStartOffset);
        onCheckpointChange.run();
    }

    private void scheduleEpochWrite() {
        if (epochWritePending.compareAndSet(false, true)) {
            tasks.execute("leader-epoch-checkpoint of " + partition, () -> {
                epochWritePending.set(false);
                synchronized (flushLock) {
                    if (!closed.get()) {
                        epochs.write();
                    }
                }
            });
        }
    }

    private static int endOf(LogSegment segment, LogEnd readable) {
        return segment == readable.segment() ? readable.position() : segment.sizeInBytes();
    }

    private void ensureOpen() throws IOException {
        if (closed.get()) {
            throw new IOException("The log of " + partition + " is closed");
        }
    }

    private void ensureReadable() throws IOException {
        if (released) {
            throw new IOException("The log of " + partition + " is closed");
        }
    }

    /**
     * Takes the log out of service once a move made a copy to take its place: runs {@code moveAway}, which renames
     * the log's directory, while no flush or checkpoint runs; from then on no more appends, flushes or checkpoints,
     * while reads go on for {@code file.delete.delay.ms} (a fetch may hold a slice of it); then its files are closed
     * and {@code deleteFiles} runs. When {@code moveAway} fails, the log stays in service.
     */
    void retire(BackgroundTasks.Task moveAway, BackgroundTasks.Task deleteFiles) throws IOException {
        synchronized (structureLock) {
            synchronized (flushLock) {
                ensureOpen();
                snapshots.closeAfter(moveAway);
                closed.set(true);
                segmentsClosing = true;
            }
            if (periodicFlush != null) {
                periodicFlush.cancel();
            }
        }
        tasks.schedule("release of the moved log " + partition, () -> {
            released = true;
            IOException failure = null;
            // the files go with the renamed directory: the old paths may by now hold a log moved back here
            for (LogSegment segment : segments.view().values()) {
                failure = closeQuietly(segment::closeHandles, failure);
            }
            for (LogSegment segment : deleting) {
                if (deleting.remove(segment)) {
                    failure = closeQuietly(segment::closeHandles, failure);
                }
            }
            deleteFiles.run();
            if (failure != null) {
                throw failure;
            }
        }, config.fileDeleteDelayMs());
    }

    /**
     * Flushes everything, closes the segments (their indexes cut to size, as Kafka leaves them) and records the
     * recovery point and log start offset for the checkpoints.
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        released = true;
        IOException failure = null;
        try {
            synchronized (structureLock) {
                if (periodicFlush != null) {
                    periodicFlush.cancel();
                }
                snapshots.close();
                long logEndOffset = end.offset();
                synchronized (flushLock) {
                    try {
                        flushUpTo(logEndOffset);
                        epochs.write();
                    } catch (IOException e) {
                        failure = e;
                    }
                    segmentsClosing = true;
                }
                for (LogSegment segment : segments.view().values()) {
                    failure = closeQuietly(segment::close, failure);
                }
                for (LogSegment segment : deleting) {
                    if (deleting.remove(segment)) {
                        failure = closeQuietly(segment::closeAndDelete, failure);
                    }
                }
                if (failure == null) {
                    logDirectory.update(partition, recoveryPoint, logStartOffset);
                }
            }
        } finally {
            onClose.accept(this);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException closeQuietly(BackgroundTasks.Task action, IOException failure) {
        try {
            action.run();
            return failure;
        } catch (IOException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
            return failure;
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
     * @param segment the active segment
     * @param position the byte just past the last whole batch in the active segment
     */
    private record LogEnd(long offset, LogSegment segment, int position) {
    }
}
