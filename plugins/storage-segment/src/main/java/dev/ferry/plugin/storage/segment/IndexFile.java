package dev.ferry.plugin.storage.segment;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A memory-mapped file of fixed-size entries, the shape of Kafka's {@code .index} and {@code .timeindex}: while its
 * segment is active the file is preallocated to the maximum index size; when the segment rolls or closes it is
 * trimmed to its entries, which is how Kafka's tools tell entries from the preallocated zeros.
 *
 * <p>One thread writes; readers take the mapping and the entry count (both volatile) and read only entries below
 * that count, which always lie inside the file even while it is trimmed.
 */
abstract class IndexFile {

    private final long baseOffset;
    private final int entrySize;
    private volatile Path file;
    private volatile MappedByteBuffer mmap;
    private volatile int entries;
    private int maxEntries;

    IndexFile(Path file, long baseOffset, int entrySize, int maxIndexSize) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        boolean newlyCreated = !Files.exists(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = raf.length();
            if (newlyCreated) {
                length = roundDown(maxIndexSize);
                raf.setLength(length);
            }
            this.entries = newlyCreated ? 0 : (int) (length / entrySize);
            map(raf, length);
        }
    }

    final int entrySize() {
        return entrySize;
    }

    /** The offset of the segment: entries hold offsets relative to it. */
    final long baseOffset() {
        return baseOffset;
    }

    final Path file() {
        return file;
    }

    final int entries() {
        return entries;
    }

    final boolean isEmpty() {
        return entries == 0;
    }

    /** How many entries fit before the index is full. */
    final int maxEntries() {
        return maxEntries;
    }

    final long sizeInBytes() {
        return (long) entries * entrySize;
    }

    /** Whether the file's length is a whole number of entries. */
    private boolean hasWholeEntries() throws IOException {
        return Files.size(file) % entrySize == 0;
    }

    /** Kafka's checks of an index file: whole entries, then each entry against those before it; null when sound. */
    final String defect() throws IOException {
        if (!hasWholeEntries()) {
            return "a length that is not a multiple of " + entrySize;
        }
        ByteBuffer view = view();
        int n = entries();
        for (int i = 0; i < n; i++) {
            String defect = entryDefect(view, i);
            if (defect != null) {
                return "entry " + i + " " + defect;
            }
        }
        return null;
    }

    /** What is wrong with entry {@code i}, seen after the entries before it, or null. */
    abstract String entryDefect(ByteBuffer view, int i);

    /** A read-only view of the mapping for lookups; read only entries below {@link #entries()}, taken before. */
    final ByteBuffer view() {
        return mmap.duplicate();
    }

    /** The mapping the writer puts the next entry into, at absolute positions, before {@link #entryAdded}. */
    final MappedByteBuffer writable() {
        return mmap;
    }

    /** Publishes an entry the writer has written at the end. */
    final void entryAdded() {
        entries = entries + 1;
    }

    /** Sets the file to {@code maxIndexSize} (rounded down to whole entries), keeping the entries. */
    final synchronized void resize(int maxIndexSize) throws IOException {
        long length = Math.max(roundDown(maxIndexSize), sizeInBytes());
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
            map(raf, length);
        }
    }

    /** Cuts the file to its entries: what Kafka does when a segment rolls or closes. */
    final synchronized void trimToValidSize() throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = sizeInBytes();
            map(raf, length);
            raf.setLength(length);
        }
    }

    /** Drops every entry from {@code count} on. */
    final synchronized void truncateToEntries(int count) {
        entries = Math.min(entries, Math.max(0, count));
    }

    final void flush() {
        mmap.force();
    }

    final synchronized void renameTo(Path target) throws IOException {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        file = target;
    }

    final void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }

    /** What a binary search compares: the key of the entry in a slot of a view. */
    interface EntryKey {
        long at(ByteBuffer view, int slot);
    }

    /**
     * Binary search over the first {@code n} entries, whose keys never decrease: the last slot whose key is at or
     * below {@code target}, or -1 when the first key is already above it.
     */
    static int largestAtOrBelow(ByteBuffer view, int n, long target, EntryKey key) {
        if (n == 0 || key.at(view, 0) > target) {
            return -1;
        }
        int low = 0;
        int high = n - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (key.at(view, middle) <= target) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    private void map(RandomAccessFile raf, long length) throws IOException {
        mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
        maxEntries = (int) (length / entrySize);
    }

    private long roundDown(int size) {
        return (long) (size / entrySize) * entrySize;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + file + ", entries=" + entries + ")";
    }
}
