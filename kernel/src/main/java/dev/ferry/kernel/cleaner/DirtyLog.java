package dev.ferry.kernel.cleaner;

import dev.ferry.kernel.partition.Partition;
import dev.ferry.spi.storage.SegmentInfo;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How much of a log a cleaning may take now, and how badly it needs one, as Kafka's cleaner manager measures it. The
 * cleanable part is made of whole closed segments that end at or below the last stable offset and whose records are
 * all older than {@code min.compaction.lag.ms}; its dirty part starts at the log's cleaned offset.
 *
 * @param firstDirtyOffset where the records not yet seen by a cleaning start
 * @param endOffset the base offset of the first segment a cleaning may not take: the cleanable part lies below it
 * @param cleanBytes the size of the segments below the first dirty offset
 * @param dirtyBytes the size of the cleanable segments from the first dirty offset on
 * @param overdue whether a dirty segment has waited longer than {@code max.compaction.lag.ms}
 */
record DirtyLog(Partition partition, long firstDirtyOffset, long endOffset, long cleanBytes, long dirtyBytes,
                boolean overdue) {

    static DirtyLog of(Partition partition, long nowMs) {
        Map<String, String> config = partition.config();
        List<SegmentInfo> segments = partition.segments();
        long firstDirty = Math.max(partition.cleanedOffset(), partition.logStartOffset());
        long stableEnd = Math.min(partition.lastStableOffset(), partition.highWatermark());
        long minLagMs = Long.parseLong(config.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG));
        long youngest = minLagMs > 0 ? nowMs - minLagMs : Long.MAX_VALUE;
        long overdueBefore = nowMs - Long.parseLong(config.get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG));
        long endOffset = segments.isEmpty() ? firstDirty : segments.get(0).baseOffset();
        long cleanBytes = 0;
        long dirtyBytes = 0;
        OptionalLong earliestDirty = OptionalLong.empty();
        for (SegmentInfo segment : segments) {
            if (segment.active() || segment.nextOffset() > stableEnd || segment.maxTimestamp() > youngest) {
                break;
            }
            endOffset = segment.nextOffset();
            if (segment.nextOffset() <= firstDirty) {
                cleanBytes += segment.sizeInBytes();
            } else {
                dirtyBytes += segment.sizeInBytes();
                if (segment.firstBatchTimestamp() > 0 && (earliestDirty.isEmpty()
                        || segment.firstBatchTimestamp() < earliestDirty.getAsLong())) {
                    earliestDirty = OptionalLong.of(segment.firstBatchTimestamp());
                }
            }
        }
        boolean overdue = earliestDirty.isPresent() && earliestDirty.getAsLong() < overdueBefore;
        return new DirtyLog(partition, firstDirty, endOffset, cleanBytes, dirtyBytes, overdue);
    }

    /** The share of the cleanable part not yet cleaned: Kafka's cleanable ratio. */
    double dirtyRatio() {
        long total = cleanBytes + dirtyBytes;
        return total == 0 ? 0 : (double) dirtyBytes / total;
    }

    /**
     * Whether a cleaning is due: the dirty share passed {@code min.cleanable.dirty.ratio}, a dirty segment is
     * overdue, or a tombstone or marker kept by an earlier cleaning reached its delete horizon.
     */
    boolean due(long nowMs, long deleteHorizonMs) {
        double minRatio = Double.parseDouble(partition.config().get(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG));
        boolean dirty = dirtyBytes > 0 && (overdue || dirtyRatio() > minRatio);
        boolean tombstonesExpired = cleanBytes > 0 && deleteHorizonMs <= nowMs;
        return dirty || tombstonesExpired;
    }
}
