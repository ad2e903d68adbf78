package dev.ferry.spi.storage;

import dev.ferry.spi.TopicPartition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * Keeps the logs of partitions. The broker picks one engine by {@link #name()} (the HOCON key
 * {@code storage.engine}; when exactly one engine is installed it is picked without the key).
 *
 * <p>Lifecycle: {@link #start} once, then any number of {@link #open} and {@link #delete} calls from any
 * thread, then {@link #close} once at shutdown.
 */
public interface StorageEngine extends ExtensionPoint {

    /** The name operators use to choose this engine, for example {@code segment}. */
    String name();

    /**
     * Prepares the engine before any log is opened.
     *
     * @param context the broker's log directories and configuration
     */
    void start(StorageContext context) throws IOException;

    /**
     * Opens the log of a partition, creating it empty when it does not exist yet. An existing log is recovered:
     * it must come back with every batch that was appended and flushed before, and nothing torn or corrupt.
     * The broker opens each partition at most once until it closes or deletes it.
     *
     * @param partition the partition
     * @param topicConfig the topic's effective configuration: its overrides over the broker's defaults, with
     *     Kafka's topic key names ({@code segment.bytes}, {@code segment.ms}, {@code segment.index.bytes},
     *     {@code index.interval.bytes}, {@code flush.messages}, {@code flush.ms}, {@code file.delete.delay.ms}...)
     */
    PartitionLog open(TopicPartition partition, Map<String, String> topicConfig) throws IOException;

    /**
     * Deletes the log of a partition and its files, which an engine may remove in the background once the log is
     * out of the way: a new log of the same partition may be opened as soon as this returns. The log must have been
     * closed or never opened.
     */
    void delete(TopicPartition partition) throws IOException;

    /**
     * Starts moving an open log to another of the log directories (Kafka's AlterReplicaLogDirs): the engine makes an
     * empty copy there, which the broker then fills and swaps in through the returned {@link LogMove}. At most one
     * move of a log runs at a time; the broker aborts or completes it before it closes or deletes the log, and aborts
     * it before it starts another. The default refuses: an engine without log directories cannot move logs.
     *
     * @param log the log, open, as {@link #open} returned it or a completed move replaced it
     * @param logDirectory one of {@link StorageContext#logDirectories()}, not the one holding the log
     * @throws UnsupportedOperationException when the engine cannot move logs
     */
    default LogMove startMove(PartitionLog log, Path logDirectory) throws IOException {
        throw new UnsupportedOperationException("The " + name() + " storage engine cannot move logs");
    }

    /**
     * The log directory a move of this partition's log was going to when the broker stopped, for the broker to start
     * it again once it opened the log; an engine drops the unfinished copy at start, so the move starts over.
     */
    default Optional<Path> unfinishedMove(TopicPartition partition) {
        return Optional.empty();
    }

    /**
     * Whether this engine's logs can rewrite their closed segments ({@link PartitionLog#rewrite}), which log
     * compaction ({@code cleanup.policy=compact}) needs. The broker refuses a compaction policy for topics of an
     * engine that cannot. The default: it cannot.
     */
    default boolean supportsRewrite() {
        return false;
    }

    /** Flushes and closes every log still open. Called once at shutdown. */
    void close() throws IOException;
}
