package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.time.ManualScheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlushTest {

    private static final TopicPartition EVENTS = new TopicPartition("events", 3);

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
    void byDefaultOnlyARollMovesTheRecoveryPointAndThenInTheBackground() throws Exception {
        // Given
        int batchSize = batch(0, 1, 100).remaining();
        SegmentLog log = (SegmentLog) engine.open(EVENTS, Map.of("segment.bytes", String.valueOf(2 * batchSize)));

        // When
        for (int i = 0; i < 5; i++) {
            log.append(appendOf(batch(i, 1, 100)));
        }
        assertEquals(0, log.recoveryPoint(), "not on the appending thread");
        scheduler.runDue();

        // Then: segments at 0, 2 and 4; the two rolled ones get flushed
        assertEquals(4, log.recoveryPoint());
        assertCheckpoint(List.of("0", "1", "events 3 4"));
    }

    @Test
    void flushMessagesFlushesInTheBackgroundOnceThatManyRecordsAreUnflushed() throws Exception {
        SegmentLog log = (SegmentLog) engine.open(EVENTS, Map.of("flush.messages", "3"));

        log.append(appendOf(batch(0, 2, 10)));
        scheduler.runDue();
        assertEquals(0, log.recoveryPoint());
        log.append(appendOf(batch(2, 2, 10)));
        scheduler.runDue();

        assertEquals(4, log.recoveryPoint());
        assertCheckpoint(List.of("0", "1", "events 3 4"));
    }

    @Test
    void flushMsFlushesInTheBackgroundOnceTheTimeHasPassed() throws Exception {
        SegmentLog log = (SegmentLog) engine.open(EVENTS, Map.of("flush.ms", "20"));

        log.append(appendOf(batch(0, 2, 10)));
        scheduler.advance(19);
        assertEquals(0, log.recoveryPoint());
        scheduler.advance(1);

        assertEquals(2, log.recoveryPoint());
    }

    @Test
    void flushMovesTheRecoveryPointToTheEnd() throws IOException {
        SegmentLog log = (SegmentLog) engine.open(EVENTS, Map.of());
        log.append(appendOf(batch(0, 2, 10)));

        log.flush();

        assertEquals(2, log.recoveryPoint());
    }

    private void assertCheckpoint(List<String> expected) throws IOException {
        assertEquals(expected, Files.readAllLines(logDir.resolve("recovery-point-offset-checkpoint"),
                StandardCharsets.UTF_8));
    }
}
