package dev.ferry.plugin.storage.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogConfigTest {

    @Test
    void missingKeysTakeKafkasDefaults() {
        LogConfig config = LogConfig.of(Map.of());

        assertEquals(new LogConfig(1_073_741_824, 604_800_000L, 10_485_760, 4096, Long.MAX_VALUE, Long.MAX_VALUE,
                60_000L, false, Long.MAX_VALUE), config);
    }

    @Test
    void givenKeysOverrideTheDefaultsAndOthersAreIgnored() {
        LogConfig config = LogConfig.of(Map.of("segment.bytes", "1000", "flush.ms", "5", "retention.ms", "1"));

        assertEquals(1000, config.segmentBytes());
        assertEquals(5, config.flushMs());
        assertEquals(604_800_000L, config.segmentMs());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "delete, 1000",
        "compact, 50",
        "'compact,delete', 50",
        "' delete , compact ', 50",
        "compacted, 1000"})
    void aCompactedTopicRollsByMaxCompactionLagWhenItIsSoonerThanSegmentMs(String cleanupPolicy, long maxSegmentMs) {
        // When
        LogConfig config = LogConfig.of(Map.of("cleanup.policy", cleanupPolicy, "segment.ms", "1000",
                "max.compaction.lag.ms", "50"));

        // Then
        assertEquals(maxSegmentMs, config.maxSegmentMs());
    }

    @Test
    void aCompactedTopicWithALongerMaxCompactionLagRollsBySegmentMs() {
        LogConfig config = LogConfig.of(Map.of("cleanup.policy", "compact", "segment.ms", "1000"));

        assertEquals(1000, config.maxSegmentMs());
    }

    @ParameterizedTest
    @CsvSource({"segment.bytes, 13", "segment.bytes, 3000000000", "segment.ms, 0", "segment.index.bytes, 3",
        "index.interval.bytes, -1", "flush.messages, 0", "flush.ms, -1", "file.delete.delay.ms, -5",
        "max.compaction.lag.ms, 0", "segment.bytes, lots"})
    void anInvalidValueIsRefusedNamingItsKey(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogConfig.of(Map.of(key, value)));

        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
