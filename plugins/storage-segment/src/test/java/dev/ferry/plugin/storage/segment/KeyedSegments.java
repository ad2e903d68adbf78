package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.keyedBatch;

import dev.ferry.plugin.storage.segment.TestFilters.KeyedRecord;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.AbortedTransactionRange;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.SegmentInfo;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The small compacted log the rewrite tests start from. Batch timestamps a second apart put each pair of batches in
 * a segment of its own ({@code segment.ms} is 100):
 * <pre>
 *   segment  0: [0 a, 1 b, 2 x] [3 a]        at 1000 and 1010
 *   segment  4: [4 d] [5 e, 6 a]             at 2000 and 2010
 *   segment  7: [7 b, 8 f, 9 c] [10 g]       at 3000 and 3010
 *   segment 11: [11 d, 12 h] [13 e]          at 4000 and 4010
 *   segment 14 (active): [14 a, 15 i]        at 5000
 * </pre>
 * Kept by a compaction up to 14: 2, 6 to 13; the batch at 0 loses two of its three records, the batches at 3 and 4
 * go whole.
 */
final class KeyedSegments {

    static final TopicPartition PRICES = new TopicPartition("prices", 0);
    static final long ACTIVE_BASE = 14;
    static final List<Long> KEPT_BELOW_ACTIVE = List.of(2L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);

    private KeyedSegments() {
    }

    static Map<String, String> config(String... overrides) {
        Map<String, String> config = new HashMap<>(Map.of("cleanup.policy", "compact", "segment.ms", "100",
                "file.delete.delay.ms", "100"));
        for (int i = 0; i < overrides.length; i += 2) {
            config.put(overrides[i], overrides[i + 1]);
        }
        return config;
    }

    /** Opens {@link #PRICES} and writes the log in it. */
    static PartitionLog open(SegmentStorageEngine engine) throws IOException {
        PartitionLog log = engine.open(PRICES, config());
        write(log);
        return log;
    }

    /** What a compaction up to the active segment keeps of the records written. */
    static List<KeyedRecord> compacted(List<KeyedRecord> written) {
        return written.stream()
                .filter(record -> record.offset() >= ACTIVE_BASE || KEPT_BELOW_ACTIVE.contains(record.offset()))
                .toList();
    }

    static void write(PartitionLog log) throws IOException {
        log.append(appendOf(keyedBatch(0, 1000, "a", "b", "x")));
        log.append(appendOf(keyedBatch(3, 1010, "a")));
        log.append(appendOf(keyedBatch(4, 2000, "d")));
        log.append(appendOf(keyedBatch(5, 2010, "e", "a")));
        log.append(appendOf(keyedBatch(7, 3000, "b", "f", "c")));
        log.append(appendOf(keyedBatch(10, 3010, "g")));
        log.append(appendOf(keyedBatch(11, 4000, "d", "h")));
        log.append(appendOf(keyedBatch(13, 4010, "e")));
        log.append(appendOf(keyedBatch(14, 5000, "a", "i")));
    }

    /**
     * Records an aborted transaction ending in each segment, at 3, 5, 10, 13 and 15, as if those records were abort
     * markers.
     *
     * @return them, in marker order
     */
    static List<AbortedTransactionRange> recordAbortedTransactions(PartitionLog log) throws IOException {
        List<AbortedTransactionRange> aborted = List.of(new AbortedTransactionRange(1, 1, 3, 1),
                new AbortedTransactionRange(2, 2, 5, 2), new AbortedTransactionRange(3, 8, 10, 8),
                new AbortedTransactionRange(4, 11, 13, 11), new AbortedTransactionRange(5, 14, 15, 14));
        for (AbortedTransactionRange range : aborted) {
            log.appendAbortedTransaction(range);
        }
        return aborted;
    }

    /** A {@code segment.bytes} that lets a rewrite merge the segments two by two: 0 with 4, 7 with 11. */
    static String twoSegmentsBytes(PartitionLog log) {
        List<SegmentInfo> segments = log.segments();
        long first = segments.get(0).sizeInBytes() + segments.get(1).sizeInBytes();
        long second = segments.get(2).sizeInBytes() + segments.get(3).sizeInBytes();
        long bytes = Math.max(first, second);
        if (first + segments.get(2).sizeInBytes() <= bytes) {
            throw new IllegalStateException("three segments would fit in " + bytes + " bytes: " + segments);
        }
        return String.valueOf(bytes);
    }
}
