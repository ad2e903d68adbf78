package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.storage.AbortedTransactionRange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's {@code .txnindex} of one segment: the aborted transactions whose abort marker is in the segment, in marker
 * order. An entry is 34 bytes: the version 0 (an int16), then the producer id, the transaction's first offset, its
 * last offset (the marker's) and the partition's last stable offset once the marker was written (int64s).
 *
 * <p>As in Kafka the file is created by the first entry: a missing file is an empty index. The entries are read once,
 * at their first use, and kept in memory, so that a lookup reads no file. Writes are plain writes, forced by
 * {@link #flush} with the rest of the segment. All methods hold the index's lock: entries are few and small.
 */
final class TransactionIndex {

    static final int ENTRY_SIZE = 34;
    private static final short VERSION = 0;
    private static final Logger LOG = LoggerFactory.getLogger(TransactionIndex.class);

    private final long baseOffset;
    private Path file;
    /** Null until read. */
    private List<AbortedTransactionRange> entries;
    /** Null until the first write. */
    private FileChannel channel;
    private boolean dirty;

    TransactionIndex(Path file, long baseOffset) {
        this.file = file;
        this.baseOffset = baseOffset;
    }

    /**
     * Adds an entry in marker order, unless one with its marker's offset is there already.
     *
     * @return whether it was added
     */
    synchronized boolean append(AbortedTransactionRange aborted) throws IOException {
        List<AbortedTransactionRange> current = entries();
        int slot = current.size();
        while (slot > 0 && current.get(slot - 1).lastOffset() >= aborted.lastOffset()) {
            if (current.get(--slot).lastOffset() == aborted.lastOffset()) {
                return false;
            }
        }
        current.add(slot, aborted);
        // an entry in the middle (one lost in a crash, recorded again) moves the later ones on the disk too
        writeFrom(slot);
        return true;
    }

    /**
     * Adds to {@code found} the entries whose marker is at or after {@code fromOffset} and whose first record is before
     * {@code toOffset}, as Kafka's {@code collectAbortedTxns} does.
     *
     * @return whether the search is complete: an entry's marker is at or after {@code toOffset}, so later segments
     *     hold no more
     */
    synchronized boolean collect(long fromOffset, long toOffset, List<AbortedTransactionRange> found)
            throws IOException {
        for (AbortedTransactionRange aborted : entries()) {
            if (aborted.lastOffset() >= fromOffset && aborted.firstOffset() < toOffset) {
                found.add(aborted);
            }
            if (aborted.lastOffset() >= toOffset) {
                return true;
            }
        }
        return false;
    }

    /** The entries, in marker order. */
    synchronized List<AbortedTransactionRange> all() throws IOException {
        return List.copyOf(entries());
    }

    /** Drops the entries whose marker is at or after {@code endOffset}: the segment was cut there. */
    synchronized void truncateFrom(long endOffset) throws IOException {
        List<AbortedTransactionRange> current = entries();
        int kept = current.size();
        while (kept > 0 && current.get(kept - 1).lastOffset() >= endOffset) {
            kept--;
        }
        if (kept < current.size()) {
            LOG.warn("Dropping {} entries of {}: their markers are at or after the recovered end {}",
                    current.size() - kept, file, endOffset);
            current.subList(kept, current.size()).clear();
            writeFrom(kept);
        }
    }

    private List<AbortedTransactionRange> entries() throws IOException {
        if (entries == null) {
            entries = read();
        }
        return entries;
    }

    /** The whole entries up to the first that is not a version 0 entry of this segment in marker order. */
    private List<AbortedTransactionRange> read() throws IOException {
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        }
        List<AbortedTransactionRange> read = new ArrayList<>(bytes.remaining() / ENTRY_SIZE);
        long lastMarker = baseOffset - 1;
        while (bytes.remaining() >= ENTRY_SIZE) {
            short version = bytes.getShort();
            AbortedTransactionRange aborted = new AbortedTransactionRange(bytes.getLong(), bytes.getLong(),
                    bytes.getLong(), bytes.getLong());
            if (version != VERSION || aborted.lastOffset() <= lastMarker
                    || aborted.firstOffset() > aborted.lastOffset()) {
                LOG.warn("Ignoring {} from entry {} on: version {}, {}", file, read.size(), version, aborted);
                break;
            }
            read.add(aborted);
            lastMarker = aborted.lastOffset();
        }
        return read;
    }

    /** Writes the entries from {@code slot} on, and cuts the file after them. */
    private void writeFrom(int slot) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        ByteBuffer bytes = ByteBuffer.allocate((entries.size() - slot) * ENTRY_SIZE);
        for (AbortedTransactionRange aborted : entries.subList(slot, entries.size())) {
            bytes.putShort(VERSION).putLong(aborted.producerId()).putLong(aborted.firstOffset())
                    .putLong(aborted.lastOffset()).putLong(aborted.lastStableOffset());
        }
        bytes.flip();
        long position = (long) slot * ENTRY_SIZE;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
        channel.truncate(position);
        dirty = true;
    }

    /** Forces the entries written to disk; nothing to do when none were, or once the file is closed. */
    synchronized void flush() throws IOException {
        if (dirty && channel.isOpen()) {
            channel.force(true);
            dirty = false;
        }
    }

    synchronized Path file() {
        return file;
    }

    /** Renames the file, when there is one; an open file stays writable. */
    synchronized void renameTo(Path target) throws IOException {
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // no entry yet: the file is created under the new name
        }
        file = target;
    }

    /** Flushes and closes the file. */
    synchronized void close() throws IOException {
        flush();
        closeHandle();
    }

    /** Releases the file without writing anything. */
    synchronized void closeHandle() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    synchronized void deleteIfExists() throws IOException {
        closeHandle();
        Files.deleteIfExists(file);
    }

    /**
     * The aborted transactions of consecutive segments, from the one holding {@code fromOffset} on, as
     * {@link #collect} finds them: Kafka's {@code collectAbortedTransactions}.
     */
    static List<AbortedTransactionRange> collect(Collection<LogSegment> segments, long fromOffset, long toOffset)
            throws IOException {
        List<AbortedTransactionRange> found = new ArrayList<>();
        for (LogSegment segment : segments) {
            if (segment.transactionIndex().collect(fromOffset, toOffset, found)) {
                break;
            }
        }
        return found;
    }

    @Override
    public synchronized String toString() {
        return "TransactionIndex(" + file + ")";
    }
}
