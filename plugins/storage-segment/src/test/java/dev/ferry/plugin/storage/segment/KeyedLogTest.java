package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.TestFilters.records;

import dev.ferry.plugin.storage.segment.TestFilters.KeyedRecord;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.time.ManualScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests that start from the {@link KeyedSegments} log, open in a started engine. */
abstract class KeyedLogTest {

    @TempDir
    Path logDir;

    final ManualScheduler scheduler = new ManualScheduler();
    SegmentStorageEngine engine;
    PartitionLog log;
    /** Every record of the log as written. */
    List<KeyedRecord> written;

    @BeforeEach
    void writeFourClosedSegments() throws IOException {
        engine = TestLogs.started(logDir, scheduler);
        log = KeyedSegments.open(engine);
        written = records(log);
    }

    @AfterEach
    void closeEngine() throws IOException {
        engine.close();
    }

    /** The files of the log named after a base offset, whatever their suffix; not the checkpoints. */
    List<String> segmentFileNames() throws IOException {
        return fileNames("").stream().filter(name -> Character.isDigit(name.charAt(0))).toList();
    }

    List<String> fileNames(String suffix) throws IOException {
        return TestLogs.files(logDir.resolve(KeyedSegments.PRICES.logDirectoryName()), suffix).stream()
                .map(file -> file.getFileName().toString())
                .toList();
    }
}
