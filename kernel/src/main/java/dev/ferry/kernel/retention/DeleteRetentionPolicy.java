package dev.ferry.kernel.retention;

import dev.ferry.spi.retention.RetentionContext;
import dev.ferry.spi.retention.RetentionPolicy;
import dev.ferry.spi.storage.SegmentInfo;
import java.util.List;

/**
 * Kafka's {@code delete} cleanup policy: closed segments go once their newest record is older than
 * {@code retention.ms}, and oldest first while the log is larger than {@code retention.bytes}; -1 disables either.
 */
public final class DeleteRetentionPolicy implements RetentionPolicy {

    public static final String NAME = "delete";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long retainFrom(RetentionContext context) {
        List<SegmentInfo> closed = context.segments().subList(0, Math.max(0, context.segments().size() - 1));
        return Math.max(byTime(context, closed), bySize(context, closed));
    }

    private static long byTime(RetentionContext context, List<SegmentInfo> closed) {
        long retentionMs = context.longConfig("retention.ms", -1);
        long retainFrom = context.logStartOffset();
        if (retentionMs < 0) {
            return retainFrom;
        }
        for (SegmentInfo segment : closed) {
            long newest = segment.maxTimestamp() >= 0 ? segment.maxTimestamp() : segment.lastModifiedMs();
            if (context.nowMs() - newest <= retentionMs) {
                break;
            }
            retainFrom = segment.nextOffset();
        }
        return retainFrom;
    }

    private static long bySize(RetentionContext context, List<SegmentInfo> closed) {
        long retentionBytes = context.longConfig("retention.bytes", -1);
        long retainFrom = context.logStartOffset();
        if (retentionBytes < 0) {
            return retainFrom;
        }
        long excess = context.sizeInBytes() - retentionBytes;
        for (SegmentInfo segment : closed) {
            if (excess - segment.sizeInBytes() < 0) {
                break;
            }
            excess -= segment.sizeInBytes();
            retainFrom = segment.nextOffset();
        }
        return retainFrom;
    }
}
