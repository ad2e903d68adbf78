package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.storage.ProducerSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer snapshots of one log: Kafka's {@code <offset>.snapshot} files in the partition directory, holding the
 * bytes the broker gives (Kafka's producer snapshot format) as they are. Each is written to a temporary file, forced
 * and renamed into place ({@link CheckpointFile#replaceDurably}).
 *
 * <p>A roll takes the broker's snapshot on the appending thread ({@link #takeAt}) and has it written later, on the
 * engine's background threads; a snapshot written now ({@link #write}) at the same offset wins over one still
 * waiting. Once {@link #close closed}, nothing is written any more: the directory may be renamed by then, and its old
 * name hold another log.
 */
final class ProducerSnapshotFiles {

    static final String SUFFIX = ".snapshot";
    private static final Logger LOG = LoggerFactory.getLogger(ProducerSnapshotFiles.class);

    private final Path directory;
    private volatile LongFunction<ByteBuffer> snapshotAt;
    /** A token of the latest snapshot taken at each offset and not written yet. */
    private final Map<Long, Object> waiting = new ConcurrentHashMap<>();
    /** Held while a file is written or deleted. */
    private final Object writeLock = new Object();
    /** Under {@link #writeLock}: the snapshots below it went with their segments. */
    private long keptFrom;
    /** Under {@link #writeLock}. */
    private boolean closed;

    private ProducerSnapshotFiles(Path directory, long keptFrom) {
        this.directory = directory;
        this.keptFrom = keptFrom;
    }

    /**
     * Takes the snapshots of a loaded log, removing those that no longer fit it, as Kafka's ProducerStateManager
     * does: those beyond the log end (a crash cut the log), those below its first segment (they went with it, but a
     * stop came first), and the stray ones whose offset is no segment's base offset, except the largest when it is
     * at or after the last segment's (a snapshot taken at shutdown); temporary files of writes a stop cut short go too.
     *
     * @param baseOffsets the base offsets of the log's segments, oldest first, at least one
     */
    static ProducerSnapshotFiles load(Path directory, List<Long> baseOffsets, long logEndOffset) throws IOException {
        long firstBase = baseOffsets.get(0);
        long lastBase = baseOffsets.get(baseOffsets.size() - 1);
        NavigableSet<Long> offsets = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX + "*")) {
            for (Path file : files) {
                long offset = LogSegment.baseOffsetOf(file.getFileName().toString(), SUFFIX);
                if (offset >= 0) {
                    offsets.add(offset);
                } else if (file.getFileName().toString().endsWith(SUFFIX + CheckpointFile.TEMPORARY_SUFFIX)) {
                    Files.deleteIfExists(file);
                }
            }
        }
        Set<Long> bases = new HashSet<>(baseOffsets);
        Long largestStray = null;
        for (long offset : offsets) {
            if (offset > logEndOffset || offset < firstBase) {
                delete(directory, offset);
            } else if (!bases.contains(offset)) {
                if (largestStray != null) {
                    delete(directory, largestStray);
                }
                largestStray = offset;
            }
        }
        if (largestStray != null && largestStray < lastBase) {
            delete(directory, largestStray);
        }
        return new ProducerSnapshotFiles(directory, firstBase);
    }

    /** Has every later {@link #takeAt} ask {@code snapshotAt} for the snapshot. */
    void onRoll(LongFunction<ByteBuffer> snapshotAt) {
        this.snapshotAt = snapshotAt;
    }

    /**
     * Takes the snapshot at {@code offset}, the base offset of the segment a roll starts, on the appending thread.
     *
     * @return what writes it; nothing when no {@link #onRoll} was given
     */
    BackgroundTasks.Task takeAt(long offset) {
        LongFunction<ByteBuffer> function = snapshotAt;
        if (function == null) {
            return () -> { };
        }
        ByteBuffer data = function.apply(offset);
        Object token = new Object();
        waiting.put(offset, token);
        return () -> {
            synchronized (writeLock) {
                if (waiting.remove(offset, token) && !closed && offset >= keptFrom) {
                    CheckpointFile.replaceDurably(fileOf(directory, offset), data);
                }
            }
        };
    }

    /** Writes the snapshot at {@code offset} now, replacing one there, and forces it to disk. */
    void write(long offset, ByteBuffer data) throws IOException {
        synchronized (writeLock) {
            if (closed) {
                throw new IOException("The producer snapshots of " + directory + " are closed");
            }
            waiting.remove(offset);
            CheckpointFile.replaceDurably(fileOf(directory, offset), data);
        }
    }

    /** The newest snapshot whose offset lies from {@code fromOffset} to {@code toOffset}, both included. */
    Optional<ProducerSnapshot> latest(long fromOffset, long toOffset) throws IOException {
        for (long offset : offsetsIn(directory).subSet(fromOffset, true, toOffset, true).descendingSet()) {
            try {
                return Optional.of(new ProducerSnapshot(offset,
                        ByteBuffer.wrap(Files.readAllBytes(fileOf(directory, offset)))));
            } catch (NoSuchFileException e) {
                // deleted with its segment meanwhile: an older one may still do
            }
        }
        return Optional.empty();
    }

    /** Deletes the snapshots below {@code offset}, the base offset of the log's first segment after a deletion. */
    void deleteBelow(long offset) throws IOException {
        synchronized (writeLock) {
            if (closed || offset <= keptFrom) {
                return;
            }
            keptFrom = offset;
            for (long snapshotOffset : offsetsIn(directory).headSet(offset, false)) {
                Files.deleteIfExists(fileOf(directory, snapshotOffset));
            }
        }
    }

    /** Writes no more snapshots, once a write under way is done. */
    void close() {
        synchronized (writeLock) {
            closed = true;
        }
    }

    /**
     * Runs {@code last} while no snapshot is written, then writes no more; when {@code last} fails, nothing changes.
     */
    void closeAfter(BackgroundTasks.Task last) throws IOException {
        synchronized (writeLock) {
            last.run();
            closed = true;
        }
    }

    /** The offsets of the snapshot files in a log's directory. */
    private static NavigableSet<Long> offsetsIn(Path directory) throws IOException {
        NavigableSet<Long> offsets = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                long offset = LogSegment.baseOffsetOf(file.getFileName().toString(), SUFFIX);
                if (offset >= 0) {
                    offsets.add(offset);
                }
            }
        }
        return offsets;
    }

    static Path fileOf(Path directory, long offset) {
        return LogSegment.file(directory, offset, SUFFIX);
    }

    private static void delete(Path directory, long offset) throws IOException {
        LOG.info("Deleting the producer snapshot {} that no longer fits its log", fileOf(directory, offset));
        Files.deleteIfExists(fileOf(directory, offset));
    }
}
