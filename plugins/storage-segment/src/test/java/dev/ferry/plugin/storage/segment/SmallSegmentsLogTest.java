package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batch;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.time.ManualScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests of one log, open in a started engine, whose segments hold three one-record batches each. */
abstract class SmallSegmentsLogTest {

    static final TopicPartition EVENTS = new TopicPartition("events", 0);
    static final long DELETE_DELAY_MS = 50;

    @TempDir
    Path logDir;

    final ManualScheduler scheduler = new ManualScheduler();
    /** The size of the largest batch {@link #append} writes: the key of a two-digit offset is the longest. */
    final int batchSize = batch(10, 1, 100).remaining();
    final Map<String, String> config = Map.of("segment.bytes", String.valueOf(3 * batchSize),
            "file.delete.delay.ms", String.valueOf(DELETE_DELAY_MS));
    SegmentStorageEngine engine;
    PartitionLog log;
    Path partitionDir;

    @BeforeEach
    void openTheLog() throws IOException {
        engine = TestLogs.started(logDir, scheduler);
        log = engine.open(EVENTS, config);
        partitionDir = logDir.resolve(EVENTS.logDirectoryName());
    }

    @AfterEach
    void closeEngine() throws IOException {
        engine.close();
    }

    /** Appends one-record batches at the log end. */
    void append(int batches) throws IOException {
        for (int i = 0; i < batches; i++) {
            log.append(appendOf(batch(log.logEndOffset(), 1, 100)));
        }
    }

    /** Closes the engine and opens the log again in a new one. */
    PartitionLog reopen() throws IOException {
        engine.close();
        engine = TestLogs.started(logDir, scheduler);
        return engine.open(EVENTS, config);
    }
}
