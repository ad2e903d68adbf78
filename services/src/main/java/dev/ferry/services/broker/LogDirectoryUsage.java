package dev.ferry.services.broker;

import dev.ferry.spi.TopicPartition;
import java.nio.file.Path;
import java.util.Map;

/**
 * A log directory as Kafka's DescribeLogDirs reports it.
 *
 * @param totalBytes the size of the file system that holds it
 * @param usableBytes the space left on that file system
 * @param partitionSizes the size in bytes of each partition log in it
 * @param futureLogs the logs being moved into it (Kafka's future replicas)
 */
public record LogDirectoryUsage(Path path, long totalBytes, long usableBytes, Map<TopicPartition, Long> partitionSizes,
                                Map<TopicPartition, FutureLog> futureLogs) {

    public LogDirectoryUsage {
        partitionSizes = Map.copyOf(partitionSizes);
        futureLogs = Map.copyOf(futureLogs);
    }

    public LogDirectoryUsage(Path path, long totalBytes, long usableBytes, Map<TopicPartition, Long> partitionSizes) {
        this(path, totalBytes, usableBytes, partitionSizes, Map.of());
    }

    /**
     * The copy of a log being moved into a directory.
     *
     * @param sizeInBytes the size of the copy so far
     * @param offsetLag how many offsets the copy is behind the log it copies
     */
    public record FutureLog(long sizeInBytes, long offsetLag) {
    }
}
