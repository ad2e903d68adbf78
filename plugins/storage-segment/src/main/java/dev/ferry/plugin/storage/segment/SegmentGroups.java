package dev.ferry.plugin.storage.segment;

import java.util.ArrayList;
import java.util.List;

/**
 * Kafka's cleaner rule for which closed segments a rewrite merges into one ({@code groupSegmentsBySize}): consecutive
 * segments while their logs together stay within {@code segment.bytes}, each kind of index within
 * {@code segment.index.bytes}, and the offsets they may hold within an int of the first one's base offset, which the
 * indexes store relative to it. Merging keeps a compacted log from turning into many tiny segments.
 */
final class SegmentGroups {

    private SegmentGroups() {
    }

    /**
     * @param segments closed segments, consecutive, oldest first
     * @param endOffset the offset the last segment's records end before (the next segment's base offset)
     * @return the groups, oldest first, each oldest first and never empty
     */
    static List<List<LogSegment>> bySize(List<LogSegment> segments, LogConfig config, long endOffset) {
        List<List<LogSegment>> groups = new ArrayList<>();
        int i = 0;
        while (i < segments.size()) {
            LogSegment first = segments.get(i);
            List<LogSegment> group = new ArrayList<>(List.of(first));
            long logBytes = first.sizeInBytes();
            long indexBytes = first.offsetIndex().sizeInBytes();
            long timeIndexBytes = first.timeIndex().sizeInBytes();
            for (i++; i < segments.size(); i++) {
                LogSegment next = segments.get(i);
                long lastOffset = (i + 1 < segments.size() ? segments.get(i + 1).baseOffset() : endOffset) - 1;
                boolean fits = logBytes + next.sizeInBytes() <= config.segmentBytes()
                        && indexBytes + next.offsetIndex().sizeInBytes() <= config.segmentIndexBytes()
                        && timeIndexBytes + next.timeIndex().sizeInBytes() <= config.segmentIndexBytes()
                        // as Kafka: an empty segment adds no offsets, so it never ends a group for its range
                        && (next.sizeInBytes() == 0 || lastOffset - first.baseOffset() <= Integer.MAX_VALUE);
                if (!fits) {
                    break;
                }
                group.add(next);
                logBytes += next.sizeInBytes();
                indexBytes += next.offsetIndex().sizeInBytes();
                timeIndexBytes += next.timeIndex().sizeInBytes();
            }
            groups.add(group);
        }
        return groups;
    }
}
