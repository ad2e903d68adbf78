package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batch;
import static dev.ferry.plugin.storage.segment.Batches.bytesOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.LogOffsetOutOfRangeException;
import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.SegmentInfo;
import dev.ferry.spi.time.ManualScheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeleteRecordsTest {

    private static final TopicPartition EVENTS = new TopicPartition("events", 2);
    private static final long DELETE_DELAY_MS = 300;

    @TempDir
    Path logDir;

    private final ManualScheduler scheduler = new ManualScheduler();
    private SegmentStorageEngine engine;
    private PartitionLog log;
    private final List<ByteBuffer> batches = new ArrayList<>();
    private Map<String, String> config;

    @BeforeEach
    void writeFourSegments() throws IOException {
        // three one-record batches a segment: segments at 0, 3, 6 and 9 (active)
        int batchSize = batch(0, 1, 100).remaining();
        config = Map.of("segment.bytes", String.valueOf(3 * batchSize),
                "file.delete.delay.ms", String.valueOf(DELETE_DELAY_MS));
        engine = TestLogs.started(logDir, scheduler);
        log = engine.open(EVENTS, config);
        for (int i = 0; i < 10; i++) {
            ByteBuffer next = batch(i, 1, 100);
            log.append(appendOf(next));
            batches.add(next);
        }
        assertEquals(List.of(0L, 3L, 6L, 9L), baseOffsets(log));
    }

    @AfterEach
    void close() throws IOException {
        engine.close();
    }

    @Test
    void movesTheStartAndDeletesTheSegmentsBelowItAfterTheDelay() throws Exception {
        // Given
        LogSlice handedOut = log.read(1, Integer.MAX_VALUE, Long.MAX_VALUE, true);

        // When
        log.deleteRecordsBefore(7);

        // Then: the segments at 0 and 3 hold only offsets below 7; the one at 6 still holds 7 and 8
        assertEquals(7, log.logStartOffset());
        assertEquals(List.of(6L, 9L), baseOffsets(log));
        assertThrows(LogOffsetOutOfRangeException.class, () -> log.read(6, 100, Long.MAX_VALUE, true));
        assertArrayEquals(bytesOf(batches.get(7)), bytesOf(log.read(7, 1, Long.MAX_VALUE, true)));
        Path dir = logDir.resolve("events-2");
        assertTrue(Files.exists(dir.resolve("00000000000000000000.log.deleted")));
        assertTrue(Files.exists(dir.resolve("00000000000000000003.index.deleted")));
        assertTrue(Files.exists(dir.resolve("00000000000000000003.timeindex.deleted")));
        assertFalse(Files.exists(dir.resolve("00000000000000000000.log")));
        assertArrayEquals(bytesOf(batches.get(1), batches.get(2)), bytesOf(handedOut), "readable until the delay");

        // and then the files go
        scheduler.advance(DELETE_DELAY_MS - 1);
        assertEquals(6, TestLogs.files(dir, ".deleted").size());
        scheduler.advance(1);
        assertEquals(List.of(), TestLogs.files(dir, ".deleted"));
        assertEquals(2, TestLogs.files(dir, ".log").size());
    }

    @Test
    void theStartOffsetSurvivesAReopen() throws IOException {
        // Given
        log.deleteRecordsBefore(4);
        engine.close();
        assertEquals(List.of("0", "1", "events 2 4"),
                Files.readAllLines(logDir.resolve("log-start-offset-checkpoint"), StandardCharsets.UTF_8));

        // When
        engine = TestLogs.started(logDir, scheduler);
        PartitionLog reopened = engine.open(EVENTS, config);

        // Then
        assertEquals(4, reopened.logStartOffset());
        assertEquals(10, reopened.logEndOffset());
        assertEquals(List.of(3L, 6L, 9L), baseOffsets(reopened));
        assertThrows(LogOffsetOutOfRangeException.class, () -> reopened.read(3, 100, Long.MAX_VALUE, true));
        assertArrayEquals(bytesOf(batches.get(4)), bytesOf(reopened.read(4, 1, Long.MAX_VALUE, true)));
    }

    @Test
    void deletingEverythingKeepsTheActiveSegmentAsKafkaDoes() throws IOException {
        // When
        log.deleteRecordsBefore(10);

        // Then
        assertEquals(10, log.logStartOffset());
        List<SegmentInfo> segments = log.segments();
        assertEquals(List.of(9L), baseOffsets(log));
        assertTrue(segments.get(0).active());
        assertTrue(log.read(10, 100, Long.MAX_VALUE, true).sizeInBytes() == 0);
        log.append(appendOf(batch(10, 1, 100)));
        assertEquals(11, log.logEndOffset());
    }

    @Test
    void theStartNeverMovesBackNorPastTheEnd() throws IOException {
        log.deleteRecordsBefore(5);

        log.deleteRecordsBefore(2);

        assertEquals(5, log.logStartOffset());
        assertThrows(LogOffsetOutOfRangeException.class, () -> log.deleteRecordsBefore(11));
    }

    @Test
    void theLeaderEpochCheckpointStartsAtTheNewStart() throws IOException {
        log.deleteRecordsBefore(5);
        log.close();

        assertEquals(List.of("0", "1", "0 5"), Files.readAllLines(
                logDir.resolve("events-2").resolve("leader-epoch-checkpoint"), StandardCharsets.UTF_8));
    }

    private static List<Long> baseOffsets(PartitionLog log) {
        return log.segments().stream().map(SegmentInfo::baseOffset).toList();
    }
}
