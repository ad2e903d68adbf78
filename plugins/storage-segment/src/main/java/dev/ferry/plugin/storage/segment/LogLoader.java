package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.TopicPartition;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a partition's directory back to a log at open, as Kafka's log loader does. After a clean shutdown the
 * files are trusted once they pass sanity checks; otherwise every segment from the one holding the recovery point
 * on is scanned batch by batch and cut at the first bad byte, and the segments after a cut are deleted. A segment
 * whose index is missing or damaged is rebuilt from its {@code .log} either way. Before all that, the rewrites a stop
 * interrupted are finished or undone ({@link SwapRecovery}); after it, the producer snapshots that no longer fit the
 * log go ({@link ProducerSnapshotFiles#load}).
 */
final class LogLoader {

    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);

    private final TopicPartition partition;
    private final Path directory;
    private final LogConfig config;
    private final long nowMs;

    LogLoader(TopicPartition partition, Path directory, LogConfig config, long nowMs) {
        this.partition = partition;
        this.directory = directory;
        this.config = config;
        this.nowMs = nowMs;
    }

    /**
     * @param clean whether the log was closed cleanly: its files can be trusted
     * @param checkpointedRecoveryPoint the offset up to which the log was flushed
     * @param checkpointedLogStartOffset the log start offset last checkpointed
     */
    Loaded load(boolean clean, long checkpointedRecoveryPoint, long checkpointedLogStartOffset) throws IOException {
        Files.createDirectories(directory);
        new SwapRecovery(partition, directory).run();
        TreeSet<Long> baseOffsets = scanDirectory();
        LeaderEpochCache epochs = LeaderEpochCache.load(directory);
        if (baseOffsets.isEmpty()) {
            baseOffsets.add(Math.max(0, checkpointedLogStartOffset));
        }
        Long floor = baseOffsets.floor(checkpointedRecoveryPoint);
        long firstToRecover = clean ? Long.MAX_VALUE : floor == null ? Long.MIN_VALUE : floor;
        List<LogSegment> segments = new ArrayList<>();
        try {
            loadSegments(baseOffsets, firstToRecover, epochs, segments);
            LogSegment last = segments.get(segments.size() - 1);
            for (LogSegment segment : segments) {
                if (segment != last) {
                    segment.onBecomeInactive();
                }
            }
            long logStartOffset = Math.max(checkpointedLogStartOffset, segments.get(0).baseOffset());
            if (last.nextOffset() < logStartOffset) {
                LOG.warn("Log {} ends at {} before its start offset {}: starting it empty there", partition,
                        last.nextOffset(), logStartOffset);
                deleteAll(segments);
                segments.clear();
                segments.add(LogSegment.open(directory, logStartOffset, config, nowMs));
                last = segments.get(0);
            }
            last.resizeIndexes();
            long logEndOffset = last.nextOffset();
            epochs.truncateFromEnd(logEndOffset);
            epochs.truncateFromStart(logStartOffset);
            long recoveryPoint = clean ? logEndOffset : Math.min(Math.max(checkpointedRecoveryPoint, 0), logEndOffset);
            ProducerSnapshotFiles snapshots = ProducerSnapshotFiles.load(directory,
                    segments.stream().map(LogSegment::baseOffset).toList(), logEndOffset);
            return new Loaded(segments, logStartOffset, recoveryPoint, epochs, snapshots);
        } catch (IOException | RuntimeException e) {
            for (LogSegment segment : segments) {
                try {
                    segment.close();
                } catch (IOException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private void loadSegments(TreeSet<Long> baseOffsets, long firstToRecover, LeaderEpochCache epochs,
                              List<LogSegment> segments) throws IOException {
        List<Long> remaining = new ArrayList<>(baseOffsets);
        for (int i = 0; i < remaining.size(); i++) {
            long baseOffset = remaining.get(i);
            LogSegment segment = LogSegment.open(directory, baseOffset, config, nowMs);
            segments.add(segment);
            String defect = baseOffset >= firstToRecover ? null : segment.loadCleanly();
            if (baseOffset < firstToRecover && defect == null) {
                continue;
            }
            if (defect != null && segment.sizeInBytes() > 0) {
                LOG.warn("Rebuilding the indexes of {} of log {}: {}", segment.logFile(), partition, defect);
            }
            LogSegment.Recovery recovery = segment.recover(epochs);
            if (recovery.droppedBytes() > 0) {
                List<Long> later = remaining.subList(i + 1, remaining.size());
                LOG.warn("Recovered log {}: dropped {} bytes from position {} of {} ({}) and {} later segments",
                        partition, recovery.droppedBytes(), recovery.validBytes(), segment.logFile(),
                        recovery.defect(), later.size());
                for (long laterBase : later) {
                    deleteFiles(laterBase);
                }
                return;
            }
        }
    }

    /** The base offsets of the segments; leftovers of deletions and indexes without a log go. */
    private TreeSet<Long> scanDirectory() throws IOException {
        TreeSet<Long> baseOffsets = new TreeSet<>();
        List<Path> indexes = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(LogSegment.DELETED_SUFFIX)) {
                    Files.deleteIfExists(file);
                } else if (LogSegment.baseOffsetOf(name, LogSegment.LOG_SUFFIX) >= 0) {
                    baseOffsets.add(LogSegment.baseOffsetOf(name, LogSegment.LOG_SUFFIX));
                } else if (name.endsWith(LogSegment.INDEX_SUFFIX) || name.endsWith(LogSegment.TIME_INDEX_SUFFIX)
                        || name.endsWith(LogSegment.TXN_INDEX_SUFFIX)) {
                    indexes.add(file);
                }
            }
        }
        for (Path index : indexes) {
            String name = index.getFileName().toString();
            long baseOffset = LogSegment.baseOffsetOf(name, name.substring(name.lastIndexOf('.')));
            if (baseOffset < 0 || !baseOffsets.contains(baseOffset)) {
                LOG.warn("Deleting {} of log {}: it has no segment", index, partition);
                Files.deleteIfExists(index);
            }
        }
        return baseOffsets;
    }

    private void deleteFiles(long baseOffset) throws IOException {
        for (String suffix : LogSegment.FILE_SUFFIXES) {
            Files.deleteIfExists(LogSegment.file(directory, baseOffset, suffix));
        }
    }

    private static void deleteAll(List<LogSegment> segments) throws IOException {
        for (LogSegment segment : segments) {
            segment.closeAndDelete();
        }
    }

    /**
     * A loaded log.
     *
     * @param segments its segments, oldest first, at least one; the last has its indexes preallocated again
     * @param logStartOffset the first offset still in the log
     * @param recoveryPoint the offset up to which the log is known to be on disk
     * @param epochs its leader epochs
     * @param snapshots its producer snapshots, those that no longer fit it deleted
     */
    record Loaded(List<LogSegment> segments, long logStartOffset, long recoveryPoint, LeaderEpochCache epochs,
                  ProducerSnapshotFiles snapshots) {
    }
}
