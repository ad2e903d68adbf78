package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.storage.TimestampOffset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Kafka's {@code .timeindex}: 12-byte entries, an 8-byte timestamp and the 4-byte offset (relative to the segment's
 * base offset) of the batch holding the largest timestamp seen so far. Timestamps only grow from entry to entry.
 */
final class TimeIndex extends IndexFile {

    static final int ENTRY_SIZE = 12;

    TimeIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, ENTRY_SIZE, maxIndexSize);
    }

    /** As Kafka: one slot stays free for the entry the segment adds when it rolls. */
    boolean isFull() {
        return entries() >= maxEntries() - 1;
    }

    /**
     * Adds (timestamp, offset) when the timestamp is larger than the last entry's; with {@code skipFullCheck} (on
     * roll or close) the reserved last slot may be used.
     */
    void maybeAppend(long timestamp, long offset, boolean skipFullCheck) {
        int n = entries();
        if (n >= maxEntries() || (!skipFullCheck && isFull()) || timestamp == RecordBatch.NO_TIMESTAMP) {
            return;
        }
        if (n > 0) {
            TimestampOffset last = entryAt(view(), n - 1);
            if (timestamp <= last.timestamp() || offset < last.offset()) {
                return;
            }
        }
        ByteBuffer mmap = writable();
        mmap.putLong(n * ENTRY_SIZE, timestamp);
        mmap.putInt(n * ENTRY_SIZE + 8, (int) (offset - baseOffset()));
        entryAdded();
    }

    /** The last entry, or (-1, base offset) when there is none, as Kafka answers. */
    TimestampOffset lastEntry() {
        int n = entries();
        return n == 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset()) : entryAt(view(), n - 1);
    }

    /**
     * The entry with the largest timestamp at or below {@code timestamp}: every batch with a larger timestamp comes
     * after its offset. (-1, base offset) when there is none.
     */
    TimestampOffset lookup(long timestamp) {
        ByteBuffer view = view();
        int slot = largestAtOrBelow(view, entries(), timestamp, (entries, i) -> entries.getLong(i * ENTRY_SIZE));
        return slot < 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset()) : entryAt(view, slot);
    }

    /** Kafka's checks: offsets at or after the base offset, timestamps and offsets not going back. */
    @Override
    String entryDefect(ByteBuffer view, int i) {
        TimestampOffset entry = entryAt(view, i);
        if (entry.offset() < baseOffset()) {
            return "below the base offset";
        }
        if (i > 0) {
            TimestampOffset previous = entryAt(view, i - 1);
            if (entry.timestamp() <= previous.timestamp() || entry.offset() < previous.offset()) {
                return "out of order";
            }
        }
        return null;
    }

    private TimestampOffset entryAt(ByteBuffer view, int slot) {
        return new TimestampOffset(view.getLong(slot * ENTRY_SIZE), baseOffset() + view.getInt(slot * ENTRY_SIZE + 8));
    }
}
