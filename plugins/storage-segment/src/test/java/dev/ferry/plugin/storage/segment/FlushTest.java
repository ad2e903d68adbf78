package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.TopicPartition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlushTest {

    private static final TopicPartition EVENTS = new TopicPartition("events", 3);

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
    void byDefaultOnlyARollMovesTheRecoveryPointAndThenInTheBackground() throws Exception {
        // Given
        int batchSize = batch(0, 1, 100).remaining();
        SegmentLog log = (SegmentLog) engine.open(EVENTS, Map.of("segment.bytes", String.valueOf(2 * batchSize)));

        // When
        for (int i = 0; i < 5; i++) {
            log.append(appendOf(batch(i, 1, 100)));
        }

        // Then: segments at 0, 2 and 4; the two rolled ones get flushed
        awaitValue(4, log::recoveryPoint);
        awaitCheckpoint(List.of("0", "1", "events 3 4"));
    }

    @Test
    void flushMessagesFlushesInTheBackgroundOnceThatManyRecordsAreUnflushed() throws Exception {
        SegmentLog log = (SegmentLog) engine.open(EVENTS, Map.of("flush.messages", "3"));

        log.append(appendOf(batch(0, 2, 10)));
        Thread.sleep(50);
        assertEquals(0, log.recoveryPoint());
        log.append(appendOf(batch(2, 2, 10)));

        awaitValue(4, log::recoveryPoint);
        awaitCheckpoint(List.of("0", "1", "events 3 4"));
    }

    @Test
    void flushMsFlushesInTheBackgroundOnceTheTimeHasPassed() throws Exception {
        SegmentLog log = (SegmentLog) engine.open(EVENTS, Map.of("flush.ms", "20"));

        log.append(appendOf(batch(0, 2, 10)));

        awaitValue(2, log::recoveryPoint);
    }

    @Test
    void flushMovesTheRecoveryPointToTheEnd() throws IOException {
        SegmentLog log = (SegmentLog) engine.open(EVENTS, Map.of());
        log.append(appendOf(batch(0, 2, 10)));

        log.flush();

        assertEquals(2, log.recoveryPoint());
    }

    private static void awaitValue(long expected, LongSupplier value) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (value.getAsLong() != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, value.getAsLong());
    }

    private void awaitCheckpoint(List<String> expected) throws Exception {
        Path file = logDir.resolve("recovery-point-offset-checkpoint");
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(file) && expected.equals(Files.readAllLines(file, StandardCharsets.UTF_8))) {
                return;
            }
            Thread.sleep(10);
        }
        assertTrue(Files.exists(file));
        assertEquals(expected, Files.readAllLines(file, StandardCharsets.UTF_8));
    }
}
