package dev.ferry.plugin.storage.segment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Kafka's leader epoch cache of one partition: the first offset of each leader epoch seen in the log's batches,
 * kept in the partition directory's {@code leader-epoch-checkpoint} ("epoch startOffset" lines).
 *
 * <p>The appender and recovery add entries; the file is written by whoever calls {@link #write}, off the appender.
 */
final class LeaderEpochCache {

    static final String FILE_NAME = "leader-epoch-checkpoint";

    private final CheckpointFile file;
    private final List<long[]> entries = new ArrayList<>();
    private boolean dirty;

    private LeaderEpochCache(CheckpointFile file) {
        this.file = file;
    }

    /** Reads the checkpoint in {@code partitionDirectory}; a missing or unreadable one starts empty. */
    static LeaderEpochCache load(Path partitionDirectory) {
        LeaderEpochCache cache = new LeaderEpochCache(new CheckpointFile(partitionDirectory.resolve(FILE_NAME)));
        for (String[] line : cache.file.readOrEmpty(2)) {
            try {
                cache.entries.add(new long[] {Integer.parseInt(line[0]), Long.parseLong(line[1])});
            } catch (NumberFormatException e) {
                cache.entries.clear();
                break;
            }
        }
        cache.dirty = true;
        return cache;
    }

    /** Notes a batch's partition leader epoch: a newer epoch than the latest starts at the batch's base offset. */
    synchronized void onBatch(RecordBatch batch) {
        int epoch = batch.partitionLeaderEpoch();
        if (epoch >= 0 && (entries.isEmpty() || epoch > entries.get(entries.size() - 1)[0])) {
            entries.add(new long[] {epoch, batch.baseOffset()});
            dirty = true;
        }
    }

    /** Forgets epochs that start at or after {@code endOffset}, after the log was cut there. */
    synchronized void truncateFromEnd(long endOffset) {
        dirty |= entries.removeIf(entry -> entry[1] >= endOffset);
    }

    /** Moves the start to {@code startOffset}: the epoch holding it now starts there, older ones go. */
    synchronized void truncateFromStart(long startOffset) {
        while (entries.size() > 1 && entries.get(1)[1] <= startOffset) {
            entries.remove(0);
            dirty = true;
        }
        if (!entries.isEmpty() && entries.get(0)[1] < startOffset) {
            entries.get(0)[1] = startOffset;
            dirty = true;
        }
    }

    synchronized boolean isDirty() {
        return dirty;
    }

    synchronized List<String> lines() {
        return entries.stream().map(entry -> entry[0] + " " + entry[1]).toList();
    }

    /** Writes the checkpoint when it changed since the last write. */
    void write() throws IOException {
        List<String> lines;
        synchronized (this) {
            if (!dirty) {
                return;
            }
            lines = lines();
            dirty = false;
        }
        try {
            file.write(lines);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                dirty = true;
            }
            throw e;
        }
    }
}
