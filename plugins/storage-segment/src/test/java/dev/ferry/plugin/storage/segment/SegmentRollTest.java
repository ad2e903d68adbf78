package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batch;
import static dev.ferry.plugin.storage.segment.Batches.bytesOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.SegmentInfo;
import dev.ferry.spi.time.ManualScheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentRollTest {

    private static final TopicPartition EVENTS = new TopicPartition("events", 0);

    @TempDir
    Path logDir;

    private final ManualScheduler scheduler = new ManualScheduler();
    private SegmentStorageEngine engine;

    @BeforeEach
    void start() throws IOException {
        engine = TestLogs.started(logDir, scheduler);
    }

    @AfterEach
    void close() throws IOException {
        engine.close();
    }

    @Test
    void rollsWhenTheNextAppendWouldPassSegmentBytes() throws IOException {
        // Given: room for exactly three batches a segment
        int batchSize = batch(0, 1, 100).remaining();
        PartitionLog log = engine.open(EVENTS, Map.of("segment.bytes", String.valueOf(3 * batchSize)));

        // When
        List<ByteBuffer> batches = appendOneRecordBatches(log, 10, 100);

        // Then
        assertEquals(List.of(0L, 3L, 6L, 9L), baseOffsets(log));
        List<SegmentInfo> segments = log.segments();
        assertEquals(new SegmentInfo(0, 3, 3L * batchSize, 1002, segments.get(0).lastModifiedMs(), false, 1000),
                segments.get(0));
        assertTrue(segments.get(3).active());
        assertEquals(10, segments.get(3).nextOffset());
        assertEquals(4, TestLogs.files(logDir.resolve("events-0"), ".log").size());
        assertArrayEquals(bytesOf(batches.toArray(ByteBuffer[]::new)), TestLogs.readAll(log));
        assertEquals(10L * batchSize, log.sizeInBytes());
    }

    @Test
    void aBatchLargerThanSegmentBytesGoesAloneInASegment() throws IOException {
        // Given
        PartitionLog log = engine.open(EVENTS, Map.of("segment.bytes", "100"));

        // When
        List<ByteBuffer> batches = appendOneRecordBatches(log, 3, 500);

        // Then
        assertEquals(List.of(0L, 1L, 2L), baseOffsets(log));
        assertArrayEquals(bytesOf(batches.toArray(ByteBuffer[]::new)), TestLogs.readAll(log));
    }

    @Test
    void rollsWhenTheOffsetIndexIsFull() throws IOException {
        // Given: 4 offset index entries, an entry for every batch but a segment's first; one timestamp for all
        PartitionLog log = engine.open(EVENTS, Map.of("segment.index.bytes", "36", "index.interval.bytes", "0"));

        // When
        for (int i = 0; i < 12; i++) {
            log.append(appendOf(batch(i, 1, 10, 5_000L)));
        }

        // Then
        assertEquals(List.of(0L, 5L, 10L), baseOffsets(log));
    }

    @Test
    void rollsWhenTheTimeIndexIsFullKeepingItsLastSlotForTheRoll() throws IOException {
        // Given: 3 time index entries, of which Kafka keeps one free for the entry written on roll
        PartitionLog log = engine.open(EVENTS, Map.of("segment.index.bytes", "36", "index.interval.bytes", "0"));

        // When
        appendOneRecordBatches(log, 8, 10);

        // Then
        assertEquals(List.of(0L, 3L, 6L), baseOffsets(log));
        Path timeIndex = logDir.resolve("events-0").resolve("00000000000000000000.timeindex");
        assertEquals(2 * TimeIndex.ENTRY_SIZE, Files.size(timeIndex), "trimmed on roll");
    }

    @Test
    void rollsOnceTheRecordsSpanSegmentMs() throws IOException {
        // Given
        PartitionLog log = engine.open(EVENTS, Map.of("segment.ms", "100"));

        // When: the span from the segment's first batch reaches 100 ms, then passes it
        log.append(appendOf(batch(0, 1, 10, 10_000)));
        log.append(appendOf(batch(1, 1, 10, 10_050)));
        log.append(appendOf(batch(2, 1, 10, 10_100)));
        log.append(appendOf(batch(3, 1, 10, 10_101)));
        log.append(appendOf(batch(4, 1, 10, 10_150)));

        // Then
        assertEquals(List.of(0L, 3L), baseOffsets(log));
        assertEquals(10_100, log.segments().get(0).maxTimestamp());
    }

    @Test
    void aSegmentWhoseFirstBatchHasNoTimestampRollsOnceItIsOlderThanSegmentMsByTheBrokersClock() throws IOException {
        // Given: a segment created now
        PartitionLog log = engine.open(EVENTS, Map.of("segment.ms", "100"));
        log.append(appendOf(batch(0, 1, 10, RecordBatch.NO_TIMESTAMP)));

        // When: 100 ms later, then 101
        scheduler.advance(100);
        log.append(appendOf(batch(1, 1, 10, RecordBatch.NO_TIMESTAMP)));
        scheduler.advance(1);
        log.append(appendOf(batch(2, 1, 10, RecordBatch.NO_TIMESTAMP)));

        // Then
        assertEquals(List.of(0L, 2L), baseOffsets(log));
    }

    @Test
    void aCompactedTopicRollsOnceTheRecordsSpanMaxCompactionLag() throws IOException {
        // Given
        PartitionLog log = engine.open(EVENTS, Map.of("cleanup.policy", "compact", "segment.ms", "100",
                "max.compaction.lag.ms", "30"));

        // When: the span from the segment's first batch passes 30 ms, long before segment.ms
        log.append(appendOf(batch(0, 1, 10, 10_000)));
        log.append(appendOf(batch(1, 1, 10, 10_030)));
        log.append(appendOf(batch(2, 1, 10, 10_031)));

        // Then
        assertEquals(List.of(0L, 2L), baseOffsets(log));
    }

    @Test
    void everyOffsetIsFoundAcrossManySegments() throws IOException {
        // Given
        PartitionLog log = engine.open(EVENTS, Map.of("segment.bytes", "3000", "index.interval.bytes", "200"));
        Random random = new Random(7);
        List<ByteBuffer> batches = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ByteBuffer next = batch(log.logEndOffset(), 1 + random.nextInt(4), 10 + random.nextInt(200));
            log.append(appendOf(next));
            batches.add(next);
        }
        assertTrue(log.segments().size() > 20, "segments: " + log.segments().size());

        // When / Then
        for (ByteBuffer expected : batches) {
            var batch = Batches.batchesOf(expected).get(0);
            for (long offset = batch.baseOffset(); offset <= batch.lastOffset(); offset++) {
                assertArrayEquals(bytesOf(expected), bytesOf(log.read(offset, 1, Long.MAX_VALUE, true)),
                        "offset " + offset);
            }
        }
    }

    @Test
    void timestampsAreFoundThroughTheTimeIndexAcrossSegments() throws IOException {
        // Given: batches of 2 records, at offsets 0, 2, 4... with timestamps 100, 110, 120... (their max 1 more)
        PartitionLog log = engine.open(EVENTS, Map.of("segment.bytes", "1000", "index.interval.bytes", "100"));
        for (int i = 0; i < 50; i++) {
            log.append(appendOf(batch(2L * i, 2, 50, 100 + 10L * i)));
        }
        assertTrue(log.segments().size() > 3);

        // Then
        assertEquals(new dev.ferry.spi.storage.TimestampOffset(100, 0), log.offsetForTimestamp(0, 100).orElseThrow());
        assertEquals(new dev.ferry.spi.storage.TimestampOffset(250, 30),
                log.offsetForTimestamp(245, 100).orElseThrow());
        assertEquals(new dev.ferry.spi.storage.TimestampOffset(251, 31),
                log.offsetForTimestamp(251, 100).orElseThrow(), "the record, not its batch, as Kafka answers");
        assertEquals(new dev.ferry.spi.storage.TimestampOffset(591, 99),
                log.offsetForTimestamp(591, 100).orElseThrow());
        assertTrue(log.offsetForTimestamp(592, 100).isEmpty());
        assertTrue(log.offsetForTimestamp(245, 31).isEmpty(), "the batch at 30 holds the max offset 31");
        assertEquals(new dev.ferry.spi.storage.TimestampOffset(591, 99), log.maxTimestamp().orElseThrow());
    }

    @Test
    void indexEntriesFollowIndexIntervalBytesAsKafkaWritesThem() throws IOException {
        // Given
        int interval = 1000;
        PartitionLog log = engine.open(EVENTS, Map.of("index.interval.bytes", String.valueOf(interval)));
        List<ByteBuffer> batches = appendOneRecordBatches(log, 40, 100);
        log.close();

        // Then: an entry (last offset of the batch, its position) once more than 1000 bytes went since the last
        List<long[]> expected = new ArrayList<>();
        int position = 0;
        int sinceLastEntry = 0;
        for (int i = 0; i < batches.size(); i++) {
            if (sinceLastEntry > interval) {
                expected.add(new long[] {i, position});
                sinceLastEntry = 0;
            }
            position += batches.get(i).remaining();
            sinceLastEntry += batches.get(i).remaining();
        }
        ByteBuffer index = ByteBuffer.wrap(Files.readAllBytes(
                logDir.resolve("events-0").resolve("00000000000000000000.index")));
        ByteBuffer timeIndex = ByteBuffer.wrap(Files.readAllBytes(
                logDir.resolve("events-0").resolve("00000000000000000000.timeindex")));
        assertEquals(expected.size() * 8, index.remaining());
        assertEquals((expected.size() + 1) * 12, timeIndex.remaining(), "plus the entry written on close");
        for (long[] entry : expected) {
            assertEquals(entry[0], index.getInt());
            assertEquals(entry[1], index.getInt());
            assertEquals(1_000 + entry[0], timeIndex.getLong());
            assertEquals(entry[0], timeIndex.getInt());
        }
        assertEquals(1_039, timeIndex.getLong());
        assertEquals(39, timeIndex.getInt());
    }

    @Test
    void aLowerSegmentBytesRollsFromTheNextAppend() throws IOException {
        // Given: a log with the default segment size and two batches in its one segment
        PartitionLog log = engine.open(EVENTS, Map.of());
        int batchSize = batch(0, 1, 100).remaining();
        appendOneRecordBatches(log, 2, 100);

        // When
        log.reconfigure(Map.of("segment.bytes", String.valueOf(2 * batchSize), "flush.ms", "1000"));
        appendOneRecordBatches(log, 4, 100);

        // Then: the full segment rolled at once, then every second batch
        assertEquals(List.of(0L, 2L, 4L), baseOffsets(log));
    }

    @Test
    void anInvalidReconfigurationLeavesTheConfigAsItWas() throws IOException {
        // Given
        int batchSize = batch(0, 1, 100).remaining();
        PartitionLog log = engine.open(EVENTS, Map.of("segment.bytes", String.valueOf(2 * batchSize)));

        // When
        assertThrows(IllegalArgumentException.class, () -> log.reconfigure(Map.of("segment.bytes", "1")));
        appendOneRecordBatches(log, 3, 100);

        // Then
        assertEquals(List.of(0L, 2L), baseOffsets(log));
    }

    private static List<ByteBuffer> appendOneRecordBatches(PartitionLog log, int count, int valueBytes)
            throws IOException {
        List<ByteBuffer> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ByteBuffer next = batch(log.logEndOffset(), 1, valueBytes);
            log.append(appendOf(next));
            batches.add(next);
        }
        return batches;
    }

    private static List<Long> baseOffsets(PartitionLog log) {
        return log.segments().stream().map(SegmentInfo::baseOffset).toList();
    }
}
