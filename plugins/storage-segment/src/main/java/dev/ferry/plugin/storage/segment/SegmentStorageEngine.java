package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.StorageContext;
import dev.ferry.spi.storage.StorageEngine;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.Extension;

/**
 * The {@code segment} storage engine: each partition's log is a directory {@code <topic>-<partition>} in the
 * first log directory, holding segment files in Apache Kafka's on-disk format.
 */
@Extension
public final class SegmentStorageEngine implements StorageEngine {

    private final Map<TopicPartition, SegmentLog> openLogs = new ConcurrentHashMap<>();
    private volatile List<Path> logDirectories;

    @Override
    public String name() {
        return "segment";
    }

    @Override
    public void start(StorageContext context) throws IOException {
        if (context.logDirectories().isEmpty()) {
            throw new IllegalArgumentException("The segment storage engine needs at least one log directory");
        }
        for (Path directory : context.logDirectories()) {
            Files.createDirectories(directory);
        }
        logDirectories = context.logDirectories();
    }

    @Override
    public PartitionLog open(TopicPartition partition, Map<String, String> topicConfig) throws IOException {
        if (openLogs.containsKey(partition)) {
            throw new IllegalStateException("The log of " + partition + " is already open");
        }
        SegmentLog log = SegmentLog.open(partition, directoryOf(partition),
                closed -> openLogs.remove(partition, closed));
        if (openLogs.putIfAbsent(partition, log) != null) {
            log.close();
            throw new IllegalStateException("The log of " + partition + " is already open");
        }
        return log;
    }

    @Override
    public void delete(TopicPartition partition) throws IOException {
        if (openLogs.containsKey(partition)) {
            throw new IllegalStateException("The log of " + partition + " is open: close it before deleting it");
        }
        deleteTree(directoryOf(partition));
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (SegmentLog log : openLogs.values()) {
            try {
                log.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private Path directoryOf(TopicPartition partition) {
        List<Path> directories = logDirectories;
        if (directories == null) {
            throw new IllegalStateException("The segment storage engine has not been started");
        }
        return directories.get(0).resolve(partition.logDirectoryName());
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
