package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.TopicPartition;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pf4j.Extension;

/**
 * The {@code segment} storage engine: each partition's log is a directory {@code <topic>-<partition>} in one of the
 * log directories, holding segment, index and checkpoint files in Apache Kafka's on-disk format.
 */
@Extension
public final class SegmentStorageEngine implements StorageEngine {

    private static final int BACKGROUND_THREADS = 2;
    /** Kafka's suffix of a deleted log's directory, renamed until its files are gone. */
    static final String DELETE_SUFFIX = "-delete";

    private final Map<TopicPartition, SegmentLog> openLogs = new ConcurrentHashMap<>();
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
        tasks = new BackgroundTasks(BACKGROUND_THREADS);
        logDirectories = List.copyOf(directories);
        for (LogDirectory directory : directories) {
            deleteLeftovers(directory.path());
        }
    }

    @Override
    public PartitionLog open(TopicPartition partition, Map<String, String> topicConfig) throws IOException {
        LogConfig config = LogConfig.of(topicConfig);
        if (openLogs.containsKey(partition)) {
            throw new IllegalStateException("The log of " + partition + " is already open");
        }
        LogDirectory logDirectory = logDirectoryOf(partition);
        Path directory = logDirectory.path().resolve(partition.logDirectoryName());
        boolean clean = logDirectory.hadCleanShutdown() && !openedSinceStart.contains(partition);
        openedSinceStart.add(partition);
        LogLoader.Loaded loaded = new LogLoader(partition, directory, config, System.currentTimeMillis())
                .load(clean, logDirectory.recoveryPoint(partition), logDirectory.logStartOffset(partition));
        SegmentLog log = new SegmentLog(partition, directory, config, loaded, logDirectory, tasks,
                () -> scheduleCheckpointWrite(logDirectory), closed -> onClose(closed, logDirectory));
        if (openLogs.putIfAbsent(partition, log) != null) {
            log.close();
            throw new IllegalStateException("The log of " + partition + " is already open");
        }
        scheduleCheckpointWrite(logDirectory);
        return log;
    }

    private void onClose(SegmentLog log, LogDirectory logDirectory) {
        openLogs.remove(log.partition(), log);
        if (!closing) {
            scheduleCheckpointWrite(logDirectory);
        }
    }

    private void scheduleCheckpointWrite(LogDirectory logDirectory) {
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
        if (openLogs.containsKey(partition)) {
            throw new IllegalStateException("The log of " + partition + " is open: close it before deleting it");
        }
        for (LogDirectory logDirectory : started()) {
            Path directory = logDirectory.path().resolve(partition.logDirectoryName());
            if (Files.exists(directory)) {
                Path doomed = directory.resolveSibling(partition.logDirectoryName() + "."
                        + UUID.randomUUID().toString().replace("-", "") + DELETE_SUFFIX);
                Files.move(directory, doomed, StandardCopyOption.ATOMIC_MOVE);
                CheckpointFile.fsyncDirectory(logDirectory.path());
                deleteInBackground(doomed);
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
        LogDirectory emptiest = null;
        long fewest = Long.MAX_VALUE;
        for (LogDirectory directory : directories) {
            if (Files.isDirectory(directory.path().resolve(partition.logDirectoryName()))) {
                return directory;
            }
            long logs = countLogs(directory.path());
            if (logs < fewest) {
                fewest = logs;
                emptiest = directory;
            }
        }
        return emptiest;
    }

    private static long countLogs(Path path) throws IOException {
        long count = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(path,
                child -> Files.isDirectory(child) && !child.getFileName().toString().endsWith(DELETE_SUFFIX))) {
            for (Path ignored : children) {
                count++;
            }
        }
        return count;
    }

    private static void deleteTree(Path root) throws IOException {
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
