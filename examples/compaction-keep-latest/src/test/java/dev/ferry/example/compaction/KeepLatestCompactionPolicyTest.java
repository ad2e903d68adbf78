package dev.ferry.example.compaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.retention.Compaction;
import dev.ferry.spi.retention.CompactionContext;
import dev.ferry.spi.retention.LogRecord;
import dev.ferry.spi.retention.RecordHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The policy as the broker's cleaner drives it: {@code begin}, {@code observe} over the dirty part, {@code retain}. */
class KeepLatestCompactionPolicyTest {

    private static final long MEMORY = 1 << 20;

    private final KeepLatestCompactionPolicy policy = new KeepLatestCompactionPolicy();

    @Test
    void topicsNameItKeepLatestAndMaySetHowManyValuesToKeep() {
        assertEquals("keep-latest", policy.name());
        assertEquals(Set.of("keep.latest.values"), policy.topicConfigKeys());
    }

    @Test
    void aFirstCleaningKeepsTheLatestNValuesOfEachKey() {
        // Given keys a and b written in turns, and nothing cleaned before
        List<LogRecord> log = List.of(value(0, "a"), value(1, "b"), value(2, "a"), value(3, "b"), value(4, "a"),
                value(5, "a"), value(6, "b"));

        // When
        List<Long> kept = clean(log, 0, Map.of("keep.latest.values", "2"));

        // Then a keeps 4 and 5, b keeps 3 and 6
        assertEquals(List.of(3L, 4L, 5L, 6L), kept);
    }

    @Test
    void withoutTheConfigThreeValuesAreKept() {
        List<LogRecord> log = List.of(value(0, "a"), value(1, "a"), value(2, "a"), value(3, "a"), value(4, "a"));

        List<Long> kept = clean(log, 0, Map.of());

        assertEquals(List.of(2L, 3L, 4L), kept);
    }

    @Test
    void aKeyNotWrittenSinceTheLastCleaningKeepsWhatItHas() {
        // Given a cleaned part (below offset 3) where a has two values, and a dirty part with b only
        List<LogRecord> log = List.of(value(0, "a"), value(1, "b"), value(2, "a"), value(3, "b"), value(4, "b"));

        // When
        List<Long> kept = clean(log, 3, Map.of("keep.latest.values", "2"));

        // Then
        assertEquals(List.of(0L, 2L, 3L, 4L), kept);
    }

    @Test
    void aKeyWrittenFewerThanNTimesSinceTheLastCleaningKeepsItsOlderValuesToo() {
        // Given a cleaned part holding three values of a, and one more value of a in the dirty part
        List<LogRecord> log = List.of(value(0, "a"), value(1, "a"), value(2, "a"), value(3, "a"));

        // When
        List<Long> kept = clean(log, 3, Map.of("keep.latest.values", "3"));

        // Then the policy cannot tell which of the older ones are the latest, so all stay: at least N
        assertEquals(List.of(0L, 1L, 2L, 3L), kept);
    }

    @Test
    void nValuesInTheDirtyPartReplaceTheKeysOlderOnes() {
        List<LogRecord> log = List.of(value(0, "a"), value(1, "a"), value(2, "a"), value(3, "a"));

        List<Long> kept = clean(log, 2, Map.of("keep.latest.values", "2"));

        assertEquals(List.of(2L, 3L), kept);
    }

    @Test
    void recordsWithoutAKeyStay() {
        List<LogRecord> log = List.of(keyless(0), value(1, "a"), keyless(2), value(3, "a"), keyless(4));

        List<Long> kept = clean(log, 0, Map.of("keep.latest.values", "1"));

        assertEquals(List.of(0L, 2L, 3L, 4L), kept);
    }

    @Test
    void aTombstoneFollowedByNewerValuesCountsAsOneOfTheLatest() {
        List<LogRecord> log = List.of(value(0, "a"), value(1, "a"), tombstone(2, "a"), value(3, "a"));

        List<Long> kept = clean(log, 0, Map.of("keep.latest.values", "3"));

        assertEquals(List.of(1L, 2L, 3L), kept);
    }

    @Test
    void aTombstoneThatIsItsKeysLatestRecordRemovesTheOlderValuesAndStays() {
        // Given older values of a, one of them already cleaned, then a delete of a
        List<LogRecord> log = List.of(value(0, "a"), value(1, "b"), value(2, "a"), tombstone(3, "a"));

        // When
        List<Long> kept = clean(log, 2, Map.of("keep.latest.values", "3"));

        // Then consumers see the delete, and no older value of a could outlive it
        assertEquals(List.of(1L, 3L), kept);
    }

    @Test
    void aTombstonePastItsDeleteHorizonGoesWhenNoNewerRecordOfItsKeyWasWritten() {
        // Given a tombstone kept by an earlier cleaning, delete.retention.ms ago
        List<LogRecord> log = List.of(expiredTombstone(0, "a"), value(1, "b"), value(2, "b"));

        // When
        List<Long> kept = clean(log, 2, Map.of("keep.latest.values", "3"));

        // Then
        assertEquals(List.of(1L, 2L), kept);
    }

    @Test
    void aTombstonePastItsDeleteHorizonStaysWhileItIsAmongTheLatestValues() {
        List<LogRecord> log = List.of(expiredTombstone(0, "a"), value(1, "a"));

        List<Long> kept = clean(log, 1, Map.of("keep.latest.values", "2"));

        assertEquals(List.of(0L, 1L), kept);
    }

    @Test
    void observeKeepsACopyOfTheKeyAsTheBufferIsOnlyValidDuringTheCall() {
        // Given
        Compaction compaction = policy.begin(context(Map.of("keep.latest.values", "1"), 0, MEMORY));
        byte[] reused = "a".getBytes(StandardCharsets.UTF_8);
        compaction.observe(new TestRecord(0, ByteBuffer.wrap(reused), bytes("v"), false));
        compaction.observe(new TestRecord(1, ByteBuffer.wrap(reused), bytes("v"), false));

        // When the broker reuses the buffer for another key
        reused[0] = 'b';

        // Then a's records are still known as a's
        assertFalse(compaction.retain(value(0, "a")));
        assertTrue(compaction.retain(value(1, "a")));
    }

    @Test
    void observeSaysWhenTheNextNewKeyWouldNotFitInTheMemoryGiven() {
        // Given room for two keys of one byte, keeping two values each
        long twoKeys = 2 * KeepLatestCompaction.bytesPerKey(1, 2);
        Compaction compaction = policy.begin(context(Map.of("keep.latest.values", "2"), 0, twoKeys));
        assertTrue(compaction.observe(value(0, "a")));
        assertTrue(compaction.observe(value(1, "b")));

        // When / Then a third key does not fit, while more values of a known key still do
        assertFalse(compaction.observe(value(2, "c")));
        assertTrue(compaction.observe(value(3, "a")));
        assertTrue(compaction.observe(keyless(4)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "three", "2.5", "", "99999999999"})
    void aValueThatIsNotAWholeNumberFromOneUpIsRefused(String bad) {
        assertThrows(IllegalArgumentException.class,
                () -> new KeepLatestCompactionPolicy().checkTopicConfig("keep.latest.values", bad));
    }

    @Test
    void theValueMayHaveSpacesAround() {
        List<LogRecord> log = List.of(value(0, "a"), value(1, "a"));

        List<Long> kept = clean(log, 0, Map.of("keep.latest.values", " 1 "));

        assertEquals(List.of(1L), kept);
    }

    /**
     * What one cleaning keeps of a log, calling the policy as the broker's cleaner does: observe each record from the
     * first dirty offset on, then retain over the whole log, in offset order.
     */
    private List<Long> clean(List<LogRecord> log, long firstDirtyOffset, Map<String, String> topicConfig) {
        Compaction compaction = policy.begin(context(topicConfig, firstDirtyOffset, MEMORY));
        for (LogRecord record : log) {
            if (record.offset() >= firstDirtyOffset) {
                assertTrue(compaction.observe(record), "observed " + record.offset());
            }
        }
        return log.stream().filter(compaction::retain).map(LogRecord::offset).toList();
    }

    private static CompactionContext context(Map<String, String> topicConfig, long firstDirtyOffset, long memory) {
        return new CompactionContext(new TopicPartition("events", 0), topicConfig, firstDirtyOffset, memory, 0);
    }

    private static LogRecord value(long offset, String key) {
        return new TestRecord(offset, bytes(key), bytes("value-" + offset), false);
    }

    private static LogRecord tombstone(long offset, String key) {
        return new TestRecord(offset, bytes(key), null, false);
    }

    private static LogRecord expiredTombstone(long offset, String key) {
        return new TestRecord(offset, bytes(key), null, true);
    }

    private static LogRecord keyless(long offset) {
        return new TestRecord(offset, null, bytes("value-" + offset), false);
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    /** A record as the cleaner shows it: read-only buffers, a null value for a tombstone. */
    private record TestRecord(long offset, ByteBuffer key, ByteBuffer value, boolean deleteHorizonPassed)
            implements LogRecord {

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public List<RecordHeader> headers() {
            return List.of();
        }
    }
}
