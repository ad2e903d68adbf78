package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.KeyedSegments.ACTIVE_BASE;
import static dev.ferry.plugin.storage.segment.TestFilters.keepLatestPerKey;
import static dev.ferry.plugin.storage.segment.TestFilters.keepRecords;
import static dev.ferry.plugin.storage.segment.TestFilters.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.spi.settings.Settings;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.StorageContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The offset below which a log was rewritten, kept in Kafka's {@code cleaner-offset-checkpoint}. */
class CleanedOffsetTest extends KeyedLogTest {

    @TempDir
    Path secondLogDir;

    @Test
    void theCleanedOffsetSurvivesACloseAndAReopenInKafkasCheckpoint() throws IOException {
        // Given
        log.rewrite(ACTIVE_BASE, keepLatestPerKey(log, ACTIVE_BASE));

        // When
        engine.close();
        engine = TestLogs.started(logDir, scheduler);
        log = engine.open(KeyedSegments.PRICES, KeyedSegments.config());

        // Then
        assertEquals(List.of("0", "1", "prices 0 14"), Files.readAllLines(logDir.resolve("cleaner-offset-checkpoint")));
        assertEquals(ACTIVE_BASE, log.cleanedOffset());
        assertEquals(KeyedSegments.compacted(written), records(log));
    }

    @Test
    void aLogNeverRewrittenIsCleanFromItsStartAndHasNoCheckpointEntry() throws IOException {
        // When
        log.deleteRecordsBefore(5);
        engine.close();

        // Then
        assertEquals(5, log.cleanedOffset());
        assertFalse(Files.exists(logDir.resolve("cleaner-offset-checkpoint")));
    }

    @Test
    void aStartMovedPastTheCleanedOffsetIsTheCleanedOffset() throws IOException {
        // Given
        log.rewrite(4, keepLatestPerKey(log, 4));

        // When
        log.deleteRecordsBefore(8);

        // Then
        assertEquals(8, log.cleanedOffset());
    }

    @ParameterizedTest(name = "checkpointed {0}")
    @MethodSource("checkpointedCleanedOffsets")
    void aCheckpointedCleanedOffsetIsClampedToTheLogAtLoad(long checkpointed, long loaded) throws IOException {
        // Given
        log.deleteRecordsBefore(5);
        engine.close();
        Files.write(logDir.resolve("cleaner-offset-checkpoint"), List.of("0", "1", "prices 0 " + checkpointed));

        // When
        engine = TestLogs.started(logDir, scheduler);
        log = engine.open(KeyedSegments.PRICES, KeyedSegments.config());

        // Then
        assertEquals(loaded, log.cleanedOffset());
    }

    static Stream<Arguments> checkpointedCleanedOffsets() {
        return Stream.of(Arguments.of(0, 5), Arguments.of(11, 11), Arguments.of(99, 16));
    }

    @Test
    void deletingTheLogDropsItsCleanedOffset() throws IOException {
        // Given
        log.rewrite(ACTIVE_BASE, keepLatestPerKey(log, ACTIVE_BASE));
        log.close();

        // When
        engine.delete(KeyedSegments.PRICES);
        engine.close();

        // Then
        assertEquals(List.of("0", "0"), Files.readAllLines(logDir.resolve("cleaner-offset-checkpoint")));
    }

    @Test
    void aMovedLogKeepsItsCleanedOffsetAndItsOldCopyCannotBeRewritten() throws IOException {
        // Given
        engine.close();
        engine = new SegmentStorageEngine();
        engine.start(new StorageContext(List.of(logDir, secondLogDir), Settings.of(Map.of()), scheduler));
        PartitionLog before = engine.open(KeyedSegments.PRICES, KeyedSegments.config());
        before.rewrite(ACTIVE_BASE, keepLatestPerKey(before, ACTIVE_BASE));

        // When
        PartitionLog moved = engine.startMove(before, secondLogDir).complete();

        // Then
        assertEquals(ACTIVE_BASE, moved.cleanedOffset());
        assertEquals(KeyedSegments.compacted(written), records(moved));
        assertThrows(IOException.class, () -> before.rewrite(ACTIVE_BASE, keepRecords(record -> true)));
        engine.close();
        assertEquals(List.of("0", "1", "prices 0 14"),
                Files.readAllLines(secondLogDir.resolve("cleaner-offset-checkpoint")));
        assertEquals(List.of("0", "0"), Files.readAllLines(logDir.resolve("cleaner-offset-checkpoint")));
    }
}
