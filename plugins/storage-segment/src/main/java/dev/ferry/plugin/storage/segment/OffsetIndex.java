package dev.ferry.plugin.storage.segment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Kafka's {@code .index}: a sparse map from offsets to positions in one segment's {@code .log}. An entry is 8 bytes,
 * the offset relative to the segment's base offset and the file position, both 4-byte ints; Kafka writes one for a
 * batch's last offset at the batch's start position.
 */
final class OffsetIndex extends IndexFile {

    static final int ENTRY_SIZE = 8;

    OffsetIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, ENTRY_SIZE, maxIndexSize);
    }

    boolean isFull() {
        return entries() >= maxEntries();
    }

    /** Whether {@code offset} fits the 4-byte relative offset of an entry. */
    boolean canAppendOffset(long offset) {
        long relative = offset - baseOffset();
        return relative >= 0 && relative <= Integer.MAX_VALUE;
    }

    /** Adds an entry when there is room and {@code offset} is past the last one; the index is sparse anyway. */
    void append(long offset, int position) {
        int n = entries();
        if (n >= maxEntries() || !canAppendOffset(offset) || (n > 0 && offset <= offsetAt(view(), n - 1))) {
            return;
        }
        ByteBuffer mmap = writable();
        mmap.putInt(n * ENTRY_SIZE, (int) (offset - baseOffset()));
        mmap.putInt(n * ENTRY_SIZE + 4, position);
        entryAdded();
    }

    /**
     * The position of the batch of the largest entry at or below {@code offset}: where a forward scan for it may
     * start; 0 (the segment's start) when there is none.
     */
    int lookup(long offset) {
        int n = entries();
        ByteBuffer view = view();
        int slot = largestAtOrBelow(view, n, offset, this::offsetAt);
        return slot < 0 ? 0 : positionAt(view, slot);
    }

    /** The last entry's offset, or the base offset when there is none. */
    long lastOffset() {
        int n = entries();
        return n == 0 ? baseOffset() : offsetAt(view(), n - 1);
    }

    /** The last entry's position, or 0 when there is none. */
    int lastPosition() {
        int n = entries();
        return n == 0 ? 0 : positionAt(view(), n - 1);
    }

    /** Kafka's checks: offsets after the base offset and increasing, positions increasing. */
    @Override
    String entryDefect(ByteBuffer view, int i) {
        boolean inOrder = view.getInt(i * ENTRY_SIZE) >= 0 && (i == 0 || (offsetAt(view, i) > offsetAt(view, i - 1)
                && positionAt(view, i) > positionAt(view, i - 1)));
        return inOrder ? null : "out of order";
    }

    private long offsetAt(ByteBuffer view, int slot) {
        return baseOffset() + view.getInt(slot * ENTRY_SIZE);
    }

    private static int positionAt(ByteBuffer view, int slot) {
        return view.getInt(slot * ENTRY_SIZE + 4);
    }
}
