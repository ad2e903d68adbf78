package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.TopicPartition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the broker's log directories and Kafka's files that live in it for all its partitions: the
 * {@code recovery-point-offset-checkpoint}, the {@code log-start-offset-checkpoint}, the
 * {@code cleaner-offset-checkpoint} of the logs ever rewritten, and the clean shutdown marker
 * {@code .kafka_cleanshutdown}.
 */
final class LogDirectory {

    static final String RECOVERY_POINT_CHECKPOINT = "recovery-point-offset-checkpoint";
    static final String LOG_START_OFFSET_CHECKPOINT = "log-start-offset-checkpoint";
    static final String CLEANER_OFFSET_CHECKPOINT = "cleaner-offset-checkpoint";
    static final String CLEAN_SHUTDOWN_MARKER = ".kafka_cleanshutdown";

    private static final Logger LOG = LoggerFactory.getLogger(LogDirectory.class);

    private final Path path;
    private final boolean hadCleanShutdown;
    private final CheckpointFile recoveryPointFile;
    private final CheckpointFile logStartOffsetFile;
    private final CheckpointFile cleanedOffsetFile;
    private final Map<TopicPartition, Long> recoveryPoints;
    private final Map<TopicPartition, Long> logStartOffsets;
    private final Map<TopicPartition, Long> cleanedOffsets;
    /** Whether {@link #cleanedOffsets} changed since the last write: it changes only on a rewrite or a removal. */
    private final AtomicBoolean cleanedOffsetsChanged = new AtomicBoolean();

    private LogDirectory(Path path, boolean hadCleanShutdown) {
        this.path = path;
        this.hadCleanShutdown = hadCleanShutdown;
        this.recoveryPointFile = new CheckpointFile(path.resolve(RECOVERY_POINT_CHECKPOINT));
        this.logStartOffsetFile = new CheckpointFile(path.resolve(LOG_START_OFFSET_CHECKPOINT));
        this.cleanedOffsetFile = new CheckpointFile(path.resolve(CLEANER_OFFSET_CHECKPOINT));
        this.recoveryPoints = read(recoveryPointFile);
        this.logStartOffsets = read(logStartOffsetFile);
        this.cleanedOffsets = read(cleanedOffsetFile);
    }

    /**
     * Opens a log directory at start: reads its checkpoints, and notes then deletes the clean shutdown marker, so a
     * crash from now on is seen as one at the next start.
     */
    static LogDirectory open(Path path) throws IOException {
        Files.createDirectories(path);
        Path marker = path.resolve(CLEAN_SHUTDOWN_MARKER);
        boolean clean = Files.exists(marker);
        LogDirectory directory = new LogDirectory(path, clean);
        if (clean) {
            Files.delete(marker);
            CheckpointFile.fsyncDirectory(path);
        }
        return directory;
    }

    private static Map<TopicPartition, Long> read(CheckpointFile file) {
        Map<TopicPartition, Long> offsets = new ConcurrentHashMap<>();
        for (String[] entry : file.readOrEmpty(3)) {
            try {
                offsets.put(new TopicPartition(entry[0], Integer.parseInt(entry[1])), Long.parseLong(entry[2]));
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignoring a malformed entry of {}: {}", file.path(), String.join(" ", entry));
            }
        }
        return offsets;
    }

    Path path() {
        return path;
    }

    boolean hadCleanShutdown() {
        return hadCleanShutdown;
    }

    /** The checkpointed recovery point of a partition, 0 when none: recovery then scans the whole log. */
    long recoveryPoint(TopicPartition partition) {
        return recoveryPoints.getOrDefault(partition, 0L);
    }

    long logStartOffset(TopicPartition partition) {
        return logStartOffsets.getOrDefault(partition, 0L);
    }

    /** The offset below which the partition's log was last rewritten, or empty when it never was. */
    OptionalLong cleanedOffset(TopicPartition partition) {
        Long offset = cleanedOffsets.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    void update(TopicPartition partition, long recoveryPoint, long logStartOffset) {
        recoveryPoints.put(partition, recoveryPoint);
        logStartOffsets.put(partition, logStartOffset);
    }

    void updateCleanedOffset(TopicPartition partition, long cleanedOffset) {
        Long previous = cleanedOffsets.put(partition, cleanedOffset);
        if (previous == null || previous != cleanedOffset) {
            cleanedOffsetsChanged.set(true);
        }
    }

    /** Forgets the partition: its log was deleted or moved to another log directory. */
    void remove(TopicPartition partition) {
        recoveryPoints.remove(partition);
        logStartOffsets.remove(partition);
        if (cleanedOffsets.remove(partition) != null) {
            cleanedOffsetsChanged.set(true);
        }
    }

    /** Writes the checkpoint files from what the logs reported; the cleaner's only when it changed. */
    synchronized void writeCheckpoints() throws IOException {
        recoveryPointFile.write(lines(recoveryPoints));
        logStartOffsetFile.write(lines(logStartOffsets));
        if (cleanedOffsetsChanged.getAndSet(false)) {
            try {
                cleanedOffsetFile.write(lines(cleanedOffsets));
            } catch (IOException | RuntimeException e) {
                cleanedOffsetsChanged.set(true);
                throw e;
            }
        }
    }

    private static List<String> lines(Map<TopicPartition, Long> offsets) {
        List<String> lines = new ArrayList<>();
        offsets.forEach((partition, offset) ->
                lines.add(partition.topic() + " " + partition.partition() + " " + offset));
        return lines;
    }

    /** Marks the directory cleanly shut down: every log in it was flushed and its checkpoints written. */
    void writeCleanShutdownMarker() throws IOException {
        Path marker = path.resolve(CLEAN_SHUTDOWN_MARKER);
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
        CheckpointFile.fsyncDirectory(path);
    }
}
