package dev.ferry.plugin.storage.segment;

import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A sparse, in-memory index of one segment: some batches' base offsets mapped to their positions in the segment
 * file, so a read starts its scan near the batch it wants instead of at the start of the file.
 *
 * <p>One appender adds entries while any number of readers look up; entries only ever point at whole batches.
 */
final class OffsetIndex {

    /** Bytes of batches between two entries, as Kafka's {@code index.interval.bytes} default. */
    static final int INTERVAL_BYTES = 4096;

    private final ConcurrentNavigableMap<Long, Integer> positions = new ConcurrentSkipListMap<>();
    private int bytesSinceLastEntry;

    /**
     * Notes a batch written at {@code position}; adds an entry for it once enough bytes have passed since the last
     * one. Called by the single appender, in file order.
     */
    void onBatch(long baseOffset, int position, int sizeInBytes) {
        if (bytesSinceLastEntry >= INTERVAL_BYTES) {
            positions.put(baseOffset, position);
            bytesSinceLastEntry = 0;
        }
        bytesSinceLastEntry += sizeInBytes;
    }

    /**
     * The position of a batch at or before the one holding {@code offset}: where a forward scan for it may start.
     * The segment's first batch, at position 0, needs no entry.
     */
    int lookup(long offset) {
        Map.Entry<Long, Integer> floor = positions.floorEntry(offset);
        return floor == null ? 0 : floor.getValue();
    }

    int entries() {
        return positions.size();
    }
}
