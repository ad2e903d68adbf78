package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batchesOf;
import static dev.ferry.plugin.storage.segment.Batches.bytesOf;
import static dev.ferry.plugin.storage.segment.Batches.keyedBatch;
import static dev.ferry.plugin.storage.segment.KeyedSegments.ACTIVE_BASE;
import static dev.ferry.plugin.storage.segment.TestFilters.keepLatestPerKey;
import static dev.ferry.plugin.storage.segment.TestFilters.records;
import static dev.ferry.plugin.storage.segment.TestFilters.recordsOf;
import static dev.ferry.plugin.storage.segment.TestLogs.baseOffsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.plugin.storage.segment.TestFilters.KeyedRecord;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.BatchFilter;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.RewriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

/** A rewrite while the log goes on: reads, appends, a deletion, a close. */
class RewriteConcurrencyTest extends KeyedLogTest {

    @Test
    void readsDuringRewritesNeverMissAKeptRecordNorGoBack() throws Exception {
        // Given: 40 closed segments of 5 records, their keys from 7; readers fetching batch by batch
        PartitionLog busy = engine.open(new TopicPartition("busy", 0),
                KeyedSegments.config("file.delete.delay.ms", "60000"));
        for (long offset = 0; offset <= 200; offset++) {
            busy.append(appendOf(keyedBatch(offset, offset / 5 * 1000, "k" + offset % 7)));
        }
        BatchFilter finalCompaction = keepLatestPerKey(busy, 200);
        List<Long> alwaysKept = records(busy).stream()
                .filter(record -> record.offset() >= 200 || keptBy(finalCompaction, record))
                .map(KeyedRecord::offset)
                .toList();
        AtomicBoolean rewriting = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        List<Future<Integer>> passes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            passes.add(readers.submit(() -> readUntilDone(busy, alwaysKept, rewriting)));
        }

        // When
        try {
            for (long end = 25; end <= 200; end += 25) {
                busy.rewrite(end, keepLatestPerKey(busy, end));
            }
        } finally {
            rewriting.set(false);
            readers.shutdown();
        }

        // Then
        for (Future<Integer> pass : passes) {
            assertTrue(pass.get(60, TimeUnit.SECONDS) > 0);
        }
        assertEquals(alwaysKept, records(busy).stream().map(KeyedRecord::offset).toList());
    }

    @Test
    void aDeletionDuringTheRewriteWinsOverTheGroupItTouched() throws IOException {
        // Given: groups [0, 4] and [7, 11]; the deletion takes segment 0 while the filter runs
        log.reconfigure(KeyedSegments.config("segment.bytes", KeyedSegments.twoSegmentsBytes(log)));
        BatchFilter compaction = keepLatestPerKey(log, ACTIVE_BASE);
        AtomicInteger calls = new AtomicInteger();
        BatchFilter deletingMeanwhile = batches -> {
            if (calls.getAndIncrement() == 0) {
                log.deleteRecordsBefore(5);
            }
            return compaction.filter(batches);
        };

        // When
        RewriteResult result = log.rewrite(ACTIVE_BASE, deletingMeanwhile);

        // Then: segment 4 stays as it was, [7, 11] is rewritten, segment 0 stays deleted
        assertEquals(List.of(4L, 7L, 14L), baseOffsets(log));
        assertEquals(new RewriteResult(4, 1, result.bytesRead(), result.bytesWritten()), result);
        List<KeyedRecord> expected = Stream.concat(written.stream().filter(record -> record.offset() == 5),
                KeyedSegments.compacted(written).stream().filter(record -> record.offset() >= 6)).toList();
        assertEquals(expected, records(log));
        assertEquals(List.of(), fileNames(LogSegment.SWAP_SUFFIX));
        assertFalse(Files.exists(logDir.resolve("prices-0").resolve("00000000000000000000.log")));
    }

    @Test
    void appendsDuringTheRewriteAreKept() throws IOException {
        // Given: appends that roll three more segments while the filter runs
        BatchFilter compaction = keepLatestPerKey(log, ACTIVE_BASE);
        AtomicInteger calls = new AtomicInteger();
        List<ByteBuffer> appended = List.of(keyedBatch(16, 6000, "a"), keyedBatch(17, 7000, "b"),
                keyedBatch(18, 8000, "a"));
        BatchFilter appendingMeanwhile = batches -> {
            if (calls.getAndIncrement() == 1) {
                for (ByteBuffer batch : appended) {
                    log.append(appendOf(batch));
                }
            }
            return compaction.filter(batches);
        };

        // When
        log.rewrite(ACTIVE_BASE, appendingMeanwhile);

        // Then
        assertEquals(List.of(0L, 14L, 16L, 17L, 18L), baseOffsets(log));
        List<KeyedRecord> expected = Stream.concat(KeyedSegments.compacted(written).stream(),
                recordsOf(bytesOf(appended.toArray(ByteBuffer[]::new))).stream()).toList();
        assertEquals(expected, records(log));
        assertEquals(19, log.logEndOffset());
    }

    @Test
    void aLogClosedDuringTheRewriteFailsItAndKeepsItsOldSegments() throws IOException {
        // Given: the log closes as the filter sees the last segment
        BatchFilter compaction = keepLatestPerKey(log, ACTIVE_BASE);
        AtomicInteger calls = new AtomicInteger();
        BatchFilter closingMeanwhile = batches -> {
            if (calls.incrementAndGet() == 4) {
                log.close();
            }
            return compaction.filter(batches);
        };

        // When
        assertThrows(IOException.class, () -> log.rewrite(ACTIVE_BASE, closingMeanwhile));

        // Then
        assertEquals(List.of(), fileNames(LogSegment.SWAP_SUFFIX));
        assertEquals(List.of(), fileNames(LogSegment.CLEANED_SUFFIX));
        log = engine.open(KeyedSegments.PRICES, KeyedSegments.config());
        assertEquals(written, records(log));
        assertEquals(0, log.cleanedOffset());
    }

    /** Reads the whole log batch by batch, over and over, checking each pass; returns the number of passes. */
    private static int readUntilDone(PartitionLog log, List<Long> alwaysKept, AtomicBoolean rewriting)
            throws IOException {
        int passes = 0;
        do {
            List<Long> offsets = new ArrayList<>();
            long offset = 0;
            while (offset < log.logEndOffset()) {
                List<RecordBatch> read = batchesOf(bytesOf(log.read(offset, 1, Long.MAX_VALUE, true)));
                for (Record record : read.get(0)) {
                    assertTrue(offsets.isEmpty() || record.offset() > offsets.get(offsets.size() - 1));
                    offsets.add(record.offset());
                }
                offset = read.get(0).nextOffset();
            }
            assertTrue(offsets.containsAll(alwaysKept), "a pass missed kept records: " + offsets);
            passes++;
        } while (rewriting.get());
        return passes;
    }

    private static boolean keptBy(BatchFilter filter, KeyedRecord record) {
        try {
            ByteBuffer batch = keyedBatch(record.offset(), record.timestamp(), record.key());
            return filter.filter(batch).hasRemaining();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
