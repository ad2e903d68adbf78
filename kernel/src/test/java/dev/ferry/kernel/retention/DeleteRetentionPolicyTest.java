package dev.ferry.kernel.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.retention.RetentionContext;
import dev.ferry.spi.storage.SegmentInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeleteRetentionPolicyTest {

    private static final long NOW = 1_000_000;
    /** Three closed segments of 100 records and 1,000 bytes, newest record at 100, 200 and 300 ms, then the active. */
    private static final List<SegmentInfo> SEGMENTS = List.of(
            new SegmentInfo(0, 100, 1000, 100, 0, false),
            new SegmentInfo(100, 200, 1000, 200, 0, false),
            new SegmentInfo(200, 300, 1000, 300, 0, false),
            new SegmentInfo(300, 350, 500, NOW, 0, true));

    private final DeleteRetentionPolicy policy = new DeleteRetentionPolicy();

    @Test
    void segmentsWhoseNewestRecordIsOlderThanRetentionMsGo() {
        assertEquals(200, policy.retainFrom(context(Map.of("retention.ms", Long.toString(NOW - 250)))));
    }

    @Test
    void oldestSegmentsGoWhileTheLogExceedsRetentionBytes() {
        assertEquals(100, policy.retainFrom(context(Map.of("retention.bytes", "2500"))));
        assertEquals(200, policy.retainFrom(context(Map.of("retention.bytes", "1500"))));
    }

    @Test
    void theActiveSegmentNeverGoes() {
        assertEquals(300, policy.retainFrom(context(Map.of("retention.ms", "0", "retention.bytes", "0"))));
    }

    @Test
    void minusOneKeepsEverything() {
        assertEquals(0, policy.retainFrom(context(Map.of("retention.ms", "-1", "retention.bytes", "-1"))));
    }

    @Test
    void retentionKeepsWholeClosedSegmentsBelowTheHighWatermarkOnly() {
        assertEquals(200, RetentionScheduler.closedSegmentBoundary(SEGMENTS, 250));
        assertEquals(300, RetentionScheduler.closedSegmentBoundary(SEGMENTS, 350));
        assertEquals(-1, RetentionScheduler.closedSegmentBoundary(SEGMENTS, 50));
    }

    private static RetentionContext context(Map<String, String> config) {
        return new RetentionContext(new TopicPartition("t", 0), config, 0, SEGMENTS, NOW);
    }
}
