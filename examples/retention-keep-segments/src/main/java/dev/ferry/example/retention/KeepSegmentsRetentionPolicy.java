package dev.ferry.example.retention;

import dev.ferry.spi.retention.RetentionContext;
import dev.ferry.spi.retention.RetentionPolicy;
import dev.ferry.spi.storage.SegmentInfo;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Keeps the newest {@code retention.segments} closed segments of a log, whatever their age or size: a topic sets
 * {@code cleanup.policy=keep-segments} and {@code retention.segments=N}.
 */
@Extension
public final class KeepSegmentsRetentionPolicy implements RetentionPolicy {

    static final String SEGMENTS_TO_KEEP = "retention.segments";
    static final long DEFAULT_SEGMENTS_TO_KEEP = 10;

    @Override
    public String name() {
        return "keep-segments";
    }

    @Override
    public Set<String> topicConfigKeys() {
        return Set.of(SEGMENTS_TO_KEEP);
    }

    @Override
    public long retainFrom(RetentionContext context) {
        List<SegmentInfo> segments = context.segments();
        List<SegmentInfo> closed = segments.subList(0, Math.max(0, segments.size() - 1));
        long keep = Math.max(0, context.longConfig(SEGMENTS_TO_KEEP, DEFAULT_SEGMENTS_TO_KEEP));
        if (closed.size() <= keep) {
            return context.logStartOffset();
        }
        return closed.get((int) (closed.size() - keep - 1)).nextOffset();
    }
}
