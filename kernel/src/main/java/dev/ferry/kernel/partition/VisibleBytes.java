package dev.ferry.kernel.partition;

import java.util.ArrayDeque;

/**
 * How many bytes of a partition's appends a fetch can read: the bytes appended since the partition opened that lie
 * below its high watermark, and below its last stable offset. A waiting fetch compares these counts with the ones it
 * started from to know whether enough arrived, without reading the log. Written under the partition's append lock,
 * read from any thread.
 */
final class VisibleBytes {

    /** Where appends start that an open transaction, or a lagging high watermark, may still hold back. */
    private record Mark(long firstOffset, long bytesBefore) {
    }

    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private long appended;
    private volatile long belowHighWatermark;
    private volatile long belowStableOffset;

    /** Counts an append of {@code bytes} starting at {@code firstOffset}; not visible until {@link #advance}. */
    void appended(long firstOffset, int bytes) {
        marks.addLast(new Mark(firstOffset, appended));
        appended += bytes;
    }

    /** The high watermark or the last stable offset moved: the appends below them become visible. */
    void advance(long highWatermark, long lastStableOffset) {
        long lowest = Math.min(highWatermark, lastStableOffset);
        while (!marks.isEmpty() && marks.peekFirst().firstOffset() < lowest) {
            marks.pollFirst();
        }
        belowHighWatermark = bytesBefore(highWatermark);
        belowStableOffset = bytesBefore(lastStableOffset);
    }

    /** Bytes a consumer of this isolation level can read, counted from when the partition opened. */
    long readable(boolean readCommitted) {
        return readCommitted ? belowStableOffset : belowHighWatermark;
    }

    private long bytesBefore(long offset) {
        if (marks.isEmpty() || marks.peekLast().firstOffset() < offset) {
            return appended;
        }
        for (Mark mark : marks) {
            if (mark.firstOffset() >= offset) {
                return mark.bytesBefore();
            }
        }
        return appended;
    }
}
