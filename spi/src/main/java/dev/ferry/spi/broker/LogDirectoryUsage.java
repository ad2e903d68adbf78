package dev.ferry.spi.broker;

import dev.ferry.spi.TopicPartition;
import java.nio.file.Path;
import java.util.Map;

/**
 * A log directory as Kafka's DescribeLogDirs reports it.
 *
 * @param totalBytes the size of the file system that holds it
 * @param usableBytes the space left on that file system
 * @param partitionSizes the size in bytes of each partition log in it
 */
public record LogDirectoryUsage(Path path, long totalBytes, long usableBytes, Map<TopicPartition, Long> partitionSizes) {

    public LogDirectoryUsage {
        partitionSizes = Map.copyOf(partitionSizes);
    }
}
