package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.SegmentInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentLogReconfigureTest {

    private static final TopicPartition EVENTS = new TopicPartition("events", 0);

    @TempDir
    Path logDir;

    private SegmentStorageEngine engine;

    @BeforeEach
    void start() throws IOException {
        engine = TestLogs.started(logDir);
    }

    @AfterEach
    void close() throws IOException {
        engine.close();
    }

    @Test
    void aLowerSegmentBytesRollsFromTheNextAppend() throws IOException {
        // Given: a log with the default segment size and two batches in its one segment
        PartitionLog log = engine.open(EVENTS, Map.of());
        int batchSize = batch(0, 1, 100).remaining();
        appendBatches(log, 2);

        // When
        log.reconfigure(Map.of("segment.bytes", String.valueOf(2 * batchSize), "flush.ms", "1000"));
        appendBatches(log, 4);

        // Then: the full segment rolled at once, then every second batch
        assertEquals(List.of(0L, 2L, 4L), log.segments().stream().map(SegmentInfo::baseOffset).toList());
    }

    @Test
    void anInvalidValueLeavesTheConfigAsItWas() throws IOException {
        // Given
        int batchSize = batch(0, 1, 100).remaining();
        PartitionLog log = engine.open(EVENTS, Map.of("segment.bytes", String.valueOf(2 * batchSize)));

        // When
        assertThrows(IllegalArgumentException.class, () -> log.reconfigure(Map.of("segment.bytes", "1")));
        appendBatches(log, 3);

        // Then
        assertEquals(List.of(0L, 2L), log.segments().stream().map(SegmentInfo::baseOffset).toList());
    }

    private static void appendBatches(PartitionLog log, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            log.append(appendOf(batch(log.logEndOffset(), 1, 100)));
        }
    }
}
