package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.LogMove;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.StorageContext;
import dev.ferry.spi.storage.StorageEngine;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.pf4j.Extension;

/**
 * The {@code segment} storage engine: each partition's log is a directory {@code <topic>-<partition>} in one of the
 * log directories, holding segment, index and checkpoint files in Apache Kafka's on-disk format.
 */
@Extension
public final class SegmentStorageEngine implements StorageEngine {

    /** Kafka's suffix of a deleted log's directory, renamed until its files are gone. */
    static final String DELETE_SUFFIX = "-delete";
    /** Kafka's suffix of the copy of a log being moved to another log directory (a "future" replica). */
    static final String FUTURE_SUFFIX = "-future";

    private final Map<TopicPartition, SegmentLog> openLogs = new ConcurrentHashMap<>();
    private final Map<TopicPartition, SegmentLogMove> moves = new ConcurrentHashMap<>();
    /** The destinations of the moves a stop interrupted, for the broker to start again. */
    private final Map<TopicPartition, Path> unfinishedMoves = new ConcurrentHashMap<>();
    /** Partitions opened since start: their files changed after the clean shutdown marker was read. */
    private final Set<TopicPartition> openedSinceStart = ConcurrentHashMap.newKeySet();
    private final Map<Path, AtomicBoolean> checkpointWritePending = new ConcurrentHashMap<>();
    private volatile List<LogDirectory> logDirectories;
    private volatile BackgroundTasks tasks;
    private volatile boolean closing;

    @Override
    public String name() {
        return "segment";
    }

    @Override
    public void start(StorageContext context) throws IOException {
        if (context.logDirectories().isEmpty()) {
            throw new IllegalArgumentException("The segment storage engine needs at least one log directory");
        }
        List<LogDirectory> directories = new ArrayList<>();
        for (Path path : context.logDirectories()) {
            directories.add(LogDirectory.open(path));
        }
        tasks = new BackgroundTasks(context.scheduler());
        logDirectories = List.copyOf(directories);
        for (LogDirectory directory : directories) {
            deleteLeftovers(directory.path());
        }
        for (LogDirectory directory : directories) {
            settleFutureLogs(directory);
        }
    }

    /**
     * Settles the copies of moved logs that a stop left in a log directory. A copy whose partition still has its log
     * was unfinished: it goes, and the move starts over when the broker asks ({@link #unfinishedMove}). A copy
     * without one was complete, since a move renames the old log away only once its copy is whole and on disk: it
     * becomes the log.
     */
    private void settleFutureLogs(LogDirectory logDirectory) throws IOException {
        try (DirectoryStream<Path> futures = Files.newDirectoryStream(logDirectory.path(), "*" + FUTURE_SUFFIX)) {
            for (Path future : futures) {
                Optional<TopicPartition> partition = partitionOfRenamed(future.getFileName().toString());
                if (partition.isEmpty() || !Files.isDirectory(future)) {
                    continue;
                }
                if (holderOf(partition.get()) != null) {
                    unfinishedMoves.put(partition.get(), logDirectory.path());
                    logDirectory.remove(partition.get());
                    deleteInBackground(renameToDeleted(future, partition.get()));
                } else {
                    Files.move(future, logDirectory.path().resolve(partition.get().logDirectoryName()),
                            StandardCopyOption.ATOMIC_MOVE);
                    CheckpointFile.fsyncDirectory(logDirectory.path());
                }
            }
        }
    }

    /** The partition of a directory renamed as {@code <topic>-<partition>.<id><suffix>}, or empty for another name. */
    static Optional<TopicPartition> partitionOfRenamed(String name) {
        int dot = name.lastIndexOf('.');
        int dash = dot < 0 ? -1 : name.lastIndexOf('-', dot);
        if (dash <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TopicPartition(name.substring(0, dash),
                    Integer.parseInt(name.substring(dash + 1, dot))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public PartitionLog open(TopicPartition partition, Map<String, String> topicConfig) throws IOException {
        LogConfig config = LogConfig.of(topicConfig);
        if (openLogs.containsKey(partition)) {
            throw new IllegalStateException("The log of " + partition + " is already open");
        }
        LogDirectory logDirectory = logDirectoryOf(partition);
        boolean clean = logDirectory.hadCleanShutdown() && !openedSinceStart.contains(partition);
        openedSinceStart.add(partition);
        SegmentLog log = load(partition, logDirectory.path().resolve(partition.logDirectoryName()), config,
                logDirectory, clean, closed -> onClose(closed, logDirectory));
        if (openLogs.putIfAbsent(partition, log) != null) {
            log.close();
            throw new IllegalStateException("The log of " + partition + " is already open");
        }
        scheduleCheckpointWrite(logDirectory);
        return log;
    }

    /** Loads the log in a directory, which holds its checkpointed offsets in {@code logDirectory}. */
    SegmentLog load(TopicPartition partition, Path directory, LogConfig config, LogDirectory logDirectory,
                    boolean clean, Consumer<SegmentLog> onClose) throws IOException {
        LogLoader.Loaded loaded = new LogLoader(partition, directory, config, tasks.clock().milliseconds())
                .load(clean, logDirectory.recoveryPoint(partition), logDirectory.logStartOffset(partition));
        return new SegmentLog(partition, directory, config, loaded, logDirectory, tasks,
                () -> scheduleCheckpointWrite(logDirectory), onClose);
    }

    /**
     * Makes an empty copy of the log, {@code <topic>-<partition>.<id>-future} in the destination as Kafka names it,
     * for the broker to fill and swap in.
     *
     * @throws IllegalArgumentException when the destination is not one of the log directories or holds the log
     */
    @Override
    public LogMove startMove(PartitionLog log, Path logDirectory) throws IOException {
        TopicPartition partition = log.partition();
        SegmentLog current = openLogs.get(partition);
        if (current != log) {
            throw new IllegalArgumentException("The log of " + partition + " is not open in this engine");
        }
        LogDirectory target = started().stream()
                .filter(directory -> directory.path().equals(logDirectory.toAbsolutePath().normalize()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(logDirectory + " is not one of the log directories"));
        if (current.directory().getParent().equals(target.path())) {
            throw new IllegalArgumentException("The log of " + partition + " is in " + logDirectory + " already");
        }
        Path futureDirectory = target.path().resolve(partition.logDirectoryName() + "."
                + UUID.randomUUID().toString().replace("-", "") + FUTURE_SUFFIX);
        Files.createDirectory(futureDirectory);
        CheckpointFile.fsyncDirectory(target.path());
        SegmentLogMove move = new SegmentLogMove(this, current, target, futureDirectory);
        if (moves.putIfAbsent(partition, move) != null) {
            move.abort();
            throw new IllegalStateException("The log of " + partition + " is being moved already");
        }
        unfinishedMoves.remove(partition);
        return move;
    }

    @Override
    public Optional<Path> unfinishedMove(TopicPartition partition) {
        return Optional.ofNullable(unfinishedMoves.get(partition));
    }

    /** The segment engine rewrites closed segments as Kafka's log cleaner does, for compacted topics. */
    @Override
    public boolean supportsRewrite() {
        return true;
    }

    /**
     * Puts a moved log's copy in its place: renames the old directory away (it is deleted once its reads are done),
     * then the copy to {@code <topic>-<partition>}, and opens it. The copy must be closed, whole and on disk. The
     * cleaned offset goes along, as Kafka's {@code alterCheckpointDir} takes it.
     */
    SegmentLog swap(SegmentLog current, LogDirectory target, Path futureDirectory) throws IOException {
        TopicPartition partition = current.partition();
        Path directory = current.directory();
        LogDirectory source = holderOf(partition);
        Path doomed = deletedName(directory, partition);
        current.retire(() -> {
            renameAway(directory, doomed);
            try {
                Files.move(futureDirectory, target.path().resolve(partition.logDirectoryName()),
                        StandardCopyOption.ATOMIC_MOVE);
                CheckpointFile.fsyncDirectory(target.path());
            } catch (IOException e) {
                Files.move(doomed, directory, StandardCopyOption.ATOMIC_MOVE);
                throw e;
            }
        }, () -> deleteTree(doomed));
        if (source != null) {
            source.cleanedOffset(partition).ifPresent(offset -> target.updateCleanedOffset(partition, offset));
            source.remove(partition);
            scheduleCheckpointWrite(source);
        }
        SegmentLog moved = load(partition, target.path().resolve(partition.logDirectoryName()), current.config(),
                target, true, closed -> onClose(closed, target));
        openLogs.put(partition, moved);
        scheduleCheckpointWrite(target);
        return moved;
    }

    /** Forgets a move that completed or was given up, deleting its copy's directory when it is still there. */
    void endMove(SegmentLogMove move, LogDirectory target, Path futureDirectory) throws IOException {
        moves.remove(move.partition(), move);
        if (Files.exists(futureDirectory)) {
            target.remove(move.partition());
            scheduleCheckpointWrite(target);
            deleteInBackground(renameToDeleted(futureDirectory, move.partition()));
        }
    }

    /** Renames a directory of the partition to {@code <topic>-<partition>.<id>-delete}, as Kafka does. */
    private static Path renameToDeleted(Path directory, TopicPartition partition) throws IOException {
        Path doomed = deletedName(directory, partition);
        renameAway(directory, doomed);
        return doomed;
    }

    private static Path deletedName(Path directory, TopicPartition partition) {
        return directory.resolveSibling(partition.logDirectoryName() + "."
                + UUID.randomUUID().toString().replace("-", "") + DELETE_SUFFIX);
    }

    private static void renameAway(Path directory, Path doomed) throws IOException {
        Files.move(directory, doomed, StandardCopyOption.ATOMIC_MOVE);
        CheckpointFile.fsyncDirectory(directory.getParent());
    }

    private void onClose(SegmentLog log, LogDirectory logDirectory) {
        openLogs.remove(log.partition(), log);
        if (!closing) {
            scheduleCheckpointWrite(logDirectory);
        }
    }

    void scheduleCheckpointWrite(LogDirectory logDirectory) {
        AtomicBoolean pending = checkpointWritePending.computeIfAbsent(logDirectory.path(), p -> new AtomicBoolean());
        if (pending.compareAndSet(false, true)) {
            tasks.execute("checkpoints of " + logDirectory.path(), () -> {
                pending.set(false);
                logDirectory.writeCheckpoints();
            });
        }
    }

    /**
     * Renames the partition's directory out of the way, as Kafka does ({@code <topic>-<partition>.<id>-delete}),
     * and removes it in the background; a directory left by a stop is removed at the next start.
     */
    @Override
    public void delete(TopicPartition partition) throws IOException {
        if (openLogs.containsKey(partition) || moves.containsKey(partition)) {
            throw new IllegalStateException("The log of " + partition + " is open or moving: close it before "
                    + "deleting it");
        }
        unfinishedMoves.remove(partition);
        for (LogDirectory logDirectory : started()) {
            Path directory = logDirectory.path().resolve(partition.logDirectoryName());
            if (Files.exists(directory)) {
                deleteInBackground(renameToDeleted(directory, partition));
            }
            logDirectory.remove(partition);
            scheduleCheckpointWrite(logDirectory);
        }
    }

    private void deleteInBackground(Path doomed) {
        tasks.execute("deleting " + doomed, () -> deleteTree(doomed));
    }

    /** Removes, in the background, the directories of deleted logs that a stop left behind. */
    private void deleteLeftovers(Path logDirectory) throws IOException {
        try (DirectoryStream<Path> doomed = Files.newDirectoryStream(logDirectory, "*" + DELETE_SUFFIX)) {
            for (Path directory : doomed) {
                deleteInBackground(directory);
            }
        }
    }

    /**
     * Stops the background work, closes (and so flushes) every open log, writes the checkpoints, and only then
     * marks each log directory cleanly shut down.
     */
    @Override
    public void close() throws IOException {
        List<LogDirectory> directories = logDirectories;
        if (directories == null || closing) {
            return;
        }
        closing = true;
        tasks.close();
        IOException failure = null;
        for (SegmentLogMove move : moves.values()) {
            try {
                move.closeCopy();
            } catch (IOException e) {
                failure = addTo(failure, e);
            }
        }
        for (SegmentLog log : openLogs.values()) {
            try {
                log.close();
            } catch (IOException e) {
                failure = addTo(failure, e);
            }
        }
        for (LogDirectory directory : directories) {
            try {
                directory.writeCheckpoints();
                if (failure == null) {
                    directory.writeCleanShutdownMarker();
                }
            } catch (IOException e) {
                failure = addTo(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException addTo(IOException failure, IOException e) {
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }

    private List<LogDirectory> started() {
        List<LogDirectory> directories = logDirectories;
        if (directories == null) {
            throw new IllegalStateException("The segment storage engine has not been started");
        }
        if (closing) {
            throw new IllegalStateException("The segment storage engine is closed");
        }
        return directories;
    }

    /** The directory already holding the partition's log, or else the one holding the fewest logs, as Kafka picks. */
    private LogDirectory logDirectoryOf(TopicPartition partition) throws IOException {
        List<LogDirectory> directories = started();
        LogDirectory holder = holderOf(partition);
        if (holder != null) {
            return holder;
        }
        LogDirectory emptiest = null;
        long fewest = Long.MAX_VALUE;
        for (LogDirectory directory : directories) {
            long logs = countLogs(directory.path());
            if (logs < fewest) {
                fewest = logs;
                emptiest = directory;
            }
        }
        return emptiest;
    }

    /** The log directory holding the partition's log, or null when none does. */
    private LogDirectory holderOf(TopicPartition partition) {
        for (LogDirectory directory : logDirectories) {
            if (Files.isDirectory(directory.path().resolve(partition.logDirectoryName()))) {
                return directory;
            }
        }
        return null;
    }

    private static long countLogs(Path path) throws IOException {
        long count = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(path,
                child -> Files.isDirectory(child) && !child.getFileName().toString().endsWith(DELETE_SUFFIX)
                        && !child.getFileName().toString().endsWith(FUTURE_SUFFIX))) {
            for (Path ignored : children) {
                count++;
            }
        }
        return count;
    }

    static void deleteTree(Path root) throws IOException {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // nothing to delete: the log was never created, or is gone already
        }
    }
}
