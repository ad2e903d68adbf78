package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.storage.AbortedTransactionRange;
import dev.ferry.spi.storage.BatchFilter;
import dev.ferry.spi.time.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Writes the new segment of one group of a rewrite, as Kafka's cleaner does: the group's batches go through the
 * filter in chunks of whole batches, and what it keeps is appended, offsets unchanged, to
 * {@code <first base offset>.log.cleaned}, indexed as appends index ({@code .index.cleaned},
 * {@code .timeindex.cleaned}); the aborted transactions of the group's segments go to its {@code .txnindex.cleaned},
 * but for those whose marker the filter dropped, as Kafka's cleaner drops them: a read_committed consumer told of an
 * aborted transaction whose marker is gone would skip the producer's later records. The segment is then closed for appends as
 * on a roll (last time index entry, indexes cut to size), flushed, and given the last modification time of the
 * group's last segment, which retention by time falls back on.
 */
final class CleanedSegmentWriter {

    /** Kafka's {@code log.cleaner.io.buffer.size}: how much the filter sees at a time, unless one batch is larger. */
    static final int CHUNK_BYTES = 512 * 1024;

    private final Path directory;
    private final LogConfig config;
    private final BatchFilter filter;
    private final Clock clock;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(CHUNK_BYTES);

    CleanedSegmentWriter(Path directory, LogConfig config, BatchFilter filter, Clock clock) {
        this.directory = directory;
        this.config = config;
        this.filter = filter;
        this.clock = clock;
    }

    /**
     * @param group closed segments of the log, consecutive, oldest first
     * @param groupEnd the offset the group's records end before: the base offset of the segment after it
     * @return the new segment, complete and on disk, its files still named {@code .cleaned}; deleted when this fails
     * @throws IOException when reading or writing fails, or the filter failed or returned anything but whole v2
     *     batches of the group in offset order
     */
    LogSegment write(List<LogSegment> group, long groupEnd) throws IOException {
        long baseOffset = group.get(0).baseOffset();
        for (String suffix : LogSegment.FILE_SUFFIXES) {
            // left by a rewrite that failed to clean up: opening it would append to it
            Files.deleteIfExists(LogSegment.file(directory, baseOffset, suffix + LogSegment.CLEANED_SUFFIX));
        }
        LogSegment cleaned = LogSegment.open(directory, baseOffset, config, clock.milliseconds(),
                LogSegment.CLEANED_SUFFIX);
        try {
            Set<Long> droppedMarkers = new HashSet<>();
            for (LogSegment source : group) {
                copyKept(source, cleaned, groupEnd, droppedMarkers);
            }
            for (LogSegment source : group) {
                for (AbortedTransactionRange aborted : source.transactionIndex().all()) {
                    if (!droppedMarkers.contains(aborted.lastOffset())) {
                        cleaned.transactionIndex().append(aborted);
                    }
                }
            }
            cleaned.onBecomeInactive();
            cleaned.flush();
            cleaned.setLastModifiedMs(group.get(group.size() - 1).lastModifiedMs());
            return cleaned;
        } catch (IOException | RuntimeException e) {
            try {
                cleaned.closeAndDelete();
            } catch (IOException | RuntimeException deleting) {
                e.addSuppressed(deleting);
            }
            throw e;
        }
    }

    /** @param droppedMarkers where the offsets of the transaction markers the filter dropped are added */
    private void copyKept(LogSegment source, LogSegment cleaned, long groupEnd, Set<Long> droppedMarkers)
            throws IOException {
        int position = 0;
        ByteBuffer chunk = source.readBatches(position, readBuffer);
        while (chunk.hasRemaining()) {
            position += chunk.remaining();
            droppedMarkers.addAll(markers(chunk));
            ByteBuffer kept = filter(chunk, source);
            if (kept.hasRemaining()) {
                checkKept(kept, cleaned.nextOffset(), groupEnd);
                droppedMarkers.removeAll(markers(kept));
                cleaned.append(kept, batch -> { });
            }
            chunk = source.readBatches(position, readBuffer);
        }
    }

    private ByteBuffer filter(ByteBuffer chunk, LogSegment source) throws IOException {
        ByteBuffer kept;
        try {
            kept = filter.filter(chunk);
        } catch (RuntimeException e) {
            throw new IOException("The filter failed on batches of " + source, e);
        }
        if (kept == null) {
            throw new IOException("The filter returned no buffer for batches of " + source);
        }
        return kept;
    }

    /** The offsets of the transaction markers among whole batches: control batches that still hold their record. */
    private static Set<Long> markers(ByteBuffer batches) {
        Set<Long> markers = new HashSet<>();
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(batches.duplicate()).batches()) {
            if (batch.isControlBatch() && batch.countOrNull() != null && batch.countOrNull() > 0) {
                markers.add(batch.baseOffset());
            }
        }
        return markers;
    }

    /** Whole v2 batches in offset order, inside the group: anything else would make the log unreadable. */
    private static void checkKept(ByteBuffer kept, long nextOffset, long groupEnd) throws IOException {
        long next = nextOffset;
        int bytes = 0;
        try {
            for (MutableRecordBatch batch : MemoryRecords.readableRecords(kept.duplicate()).batches()) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2 || batch.baseOffset() < next
                        || batch.lastOffset() >= groupEnd) {
                    throw new IOException("The filter returned a batch of offsets " + batch.baseOffset() + " to "
                            + batch.lastOffset() + " (magic " + batch.magic() + ") where v2 batches from offset "
                            + next + " to " + (groupEnd - 1) + " were expected");
                }
                next = batch.nextOffset();
                bytes += batch.sizeInBytes();
            }
        } catch (KafkaException e) {
            throw new IOException("The filter returned unreadable batches", e);
        }
        if (bytes != kept.remaining()) {
            throw new IOException("The filter returned " + (kept.remaining() - bytes) + " bytes of no whole batch");
        }
    }
}
