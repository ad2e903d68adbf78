package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.TopicPartition;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles, before a log loads, the rewrites a stop interrupted, with Kafka's rules (its loader's
 * {@code removeTempFilesAndCollectSwapFiles} and the swap handling after it). A rewrite ({@link SegmentRewrite})
 * writes {@code .cleaned} files, renames them {@code .swap} from the highest base offset down, renames the replaced
 * segments {@code .deleted}, and then the {@code .swap} files to their final names. So:
 * <ul>
 *   <li>{@code .cleaned} files are of a rewrite that had not finished writing: they go, and with them every
 *       {@code .swap} file at or above the smallest of their base offsets, since that same rewrite was renaming it
 *       (KAFKA-12520): the old segments stay;</li>
 *   <li>the other {@code .swap} files are of complete new segments: every other file whose base offset lies from
 *       the smallest swap base offset up to the largest swap next offset is of a segment they replaced, and goes;
 *       then the {@code .swap} files take their final names.</li>
 * </ul>
 * The loader then deletes {@code .deleted} files and loads the segments as usual, rebuilding a missing index.
 */
final class SwapRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(SwapRecovery.class);

    private final TopicPartition partition;
    private final Path directory;

    SwapRecovery(TopicPartition partition, Path directory) {
        this.partition = partition;
        this.directory = directory;
    }

    void run() throws IOException {
        List<Path> swapFiles = new ArrayList<>();
        List<Path> cleanedFiles = new ArrayList<>();
        for (Path file : files()) {
            String name = file.getFileName().toString();
            if (name.endsWith(LogSegment.CLEANED_SUFFIX)) {
                cleanedFiles.add(file);
            } else if (name.endsWith(LogSegment.SWAP_SUFFIX)) {
                swapFiles.add(file);
            }
        }
        if (swapFiles.isEmpty() && cleanedFiles.isEmpty()) {
            return;
        }
        long minCleanedBase = cleanedFiles.stream().mapToLong(SwapRecovery::baseOffsetOf).filter(base -> base >= 0)
                .min().orElse(Long.MAX_VALUE);
        List<Path> unfinished = new ArrayList<>(cleanedFiles);
        List<Path> completeSwapFiles = new ArrayList<>();
        for (Path swap : swapFiles) {
            (baseOffsetOf(swap) >= minCleanedBase ? unfinished : completeSwapFiles).add(swap);
        }
        for (Path file : unfinished) {
            Files.deleteIfExists(file);
        }
        int replaced = deleteReplacedSegments(completeSwapFiles);
        for (Path swap : completeSwapFiles) {
            String name = swap.getFileName().toString();
            Files.move(swap, swap.resolveSibling(name.substring(0, name.length() - LogSegment.SWAP_SUFFIX.length())),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        CheckpointFile.fsyncDirectory(directory);
        LOG.info("Settled a rewrite of log {} that a stop interrupted: deleted {} files of the unfinished part, "
                + "{} files of replaced segments, and gave {} swap files their names", partition, unfinished.size(),
                replaced, completeSwapFiles.size());
    }

    /**
     * Deletes the files, other than swap files, of the segments the complete swap segments replaced; the producer
     * snapshots among them stay, as in Kafka: a rewrite changes no offset.
     *
     * @return how many it deleted
     */
    private int deleteReplacedSegments(List<Path> swapFiles) throws IOException {
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (Path swap : swapFiles) {
            long baseOffset = LogSegment.baseOffsetOf(swap.getFileName().toString(),
                    LogSegment.LOG_SUFFIX + LogSegment.SWAP_SUFFIX);
            if (baseOffset >= 0) {
                from = Math.min(from, baseOffset);
                to = Math.max(to, nextOffsetOf(swap, baseOffset));
            }
        }
        int deleted = 0;
        for (Path file : files()) {
            long baseOffset = baseOffsetOf(file);
            if (!file.getFileName().toString().endsWith(LogSegment.SWAP_SUFFIX) && isSegmentFile(file)
                    && baseOffset >= from && baseOffset < to) {
                Files.delete(file);
                deleted++;
            }
        }
        return deleted;
    }

    /** One past the last offset of a swap segment's last batch, or its base offset when it holds none. */
    private static long nextOffsetOf(Path swapLog, long baseOffset) throws IOException {
        FileRecords records = FileRecords.open(swapLog.toFile(), false);
        long next = baseOffset;
        try {
            for (FileChannelRecordBatch batch : records.batches()) {
                next = batch.nextOffset();
            }
        } catch (KafkaException e) {
            // a rewrite flushes its segments before it names them .swap: this is damage, which loading will cut off
            LOG.warn("Reading {} stopped after offset {}: {}", swapLog, next, e.getMessage());
        } finally {
            records.closeHandlers();
        }
        return next;
    }

    /** Kafka's offset of a segment file: the digits before the first dot, or -1 for another name. */
    private static long baseOffsetOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot < 0 ? -1 : LogSegment.baseOffsetOf(name, name.substring(dot));
    }

    /** Whether the file is a segment's log or index, whatever suffix follows. */
    private static boolean isSegmentFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot >= 0 && LogSegment.FILE_SUFFIXES.stream().anyMatch(suffix -> name.startsWith(suffix, dot));
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, Files::isRegularFile)) {
            entries.forEach(files::add);
        }
        return files;
    }
}
