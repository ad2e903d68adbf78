package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.ProducerSnapshotFilesTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.ProducerSnapshot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The producer snapshots of a log: Kafka's {@code <offset>.snapshot} files, taken at rolls and at shutdown. */
class ProducerSnapshotTest extends SmallSegmentsLogTest {

    /** The offsets the log asked for a snapshot at. */
    private final List<Long> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void snapshotOnRoll() {
        log.onRoll(offset -> {
            asked.add(offset);
            return bytes("producers at " + offset);
        });
    }

    @Test
    void eachRollWritesTheSnapshotAtTheNewBaseOffsetOnceTheLogBelowIsOnDisk() throws Exception {
        // When
        append(10);

        // Then
        assertEquals(List.of(3L, 6L, 9L), asked);
        assertEquals(List.of(), snapshotOffsets(), "written in the background");
        scheduler.runDue();
        assertEquals(List.of(3L, 6L, 9L), snapshotOffsets());
        assertEquals("producers at 6", content(6));
        assertTrue(((SegmentLog) log).recoveryPoint() >= 9, "flushed before its snapshot");
    }

    @Test
    void nothingButARollAsksForASnapshot() throws Exception {
        // Given
        append(2);

        // When
        log.flush();
        log.writeProducerSnapshot(new ProducerSnapshot(2, bytes("at shutdown")));
        log.deleteRecordsBefore(1);
        log.close();

        // Then
        assertEquals(List.of(), asked);
    }

    @Test
    void aSnapshotWrittenNowIsOnDiskAtOnceAndReadBackAfterAReopen() throws Exception {
        // Given
        append(10);
        scheduler.runDue();

        // When
        log.writeProducerSnapshot(new ProducerSnapshot(10, bytes("at shutdown")));

        // Then
        assertEquals("at shutdown", content(10));
        PartitionLog reopened = reopen();
        ProducerSnapshot latest = reopened.latestProducerSnapshot().orElseThrow();
        assertEquals(10, latest.offset());
        assertEquals("at shutdown", StandardCharsets.UTF_8.decode(latest.data()).toString());
        assertEquals(List.of(3L, 6L, 9L, 10L), snapshotOffsets());
    }

    @Test
    void aSnapshotBeyondTheLogEndAfterACrashIsNotReturnedAndIsDeleted() throws Exception {
        // Given: the last segment, from 9, lost its batch in a crash
        append(10);
        scheduler.runDue();
        log.writeProducerSnapshot(new ProducerSnapshot(10, bytes("at shutdown")));
        engine.close();
        try (FileChannel segment = FileChannel.open(LogSegment.file(partitionDir, 9, LogSegment.LOG_SUFFIX),
                StandardOpenOption.WRITE)) {
            segment.truncate(20);
        }
        Files.delete(logDir.resolve(LogDirectory.CLEAN_SHUTDOWN_MARKER));

        // When
        PartitionLog recovered = reopen();

        // Then
        assertEquals(9, recovered.logEndOffset());
        assertEquals(Optional.of(9L), recovered.latestProducerSnapshot().map(ProducerSnapshot::offset));
        assertEquals(List.of(3L, 6L, 9L), snapshotOffsets());
    }

    @Test
    void snapshotsGoWithTheSegmentsBelowThem() throws Exception {
        // Given
        append(10);
        scheduler.runDue();

        // When: the segments at 0 and 3 go
        log.deleteRecordsBefore(7);

        // Then
        scheduler.runDue();
        assertEquals(List.of(6L, 9L), snapshotOffsets());
        assertEquals(Optional.of(9L), log.latestProducerSnapshot().map(ProducerSnapshot::offset));
    }

    @Test
    void theLatestSnapshotIsNeverOneBelowTheLogStart() throws Exception {
        // Given
        append(5);
        scheduler.runDue();

        // When: the segment at 3 holds the new start, and stays
        log.deleteRecordsBefore(4);

        // Then
        assertEquals(Optional.empty(), log.latestProducerSnapshot());
        assertEquals(List.of(3L), snapshotOffsets());
    }

    @Test
    void aSnapshotBeyondTheLogEndIsRefused() throws IOException {
        // Given
        append(2);

        // When / Then
        assertThrows(IllegalArgumentException.class,
                () -> log.writeProducerSnapshot(new ProducerSnapshot(3, bytes("ahead"))));
        assertFalse(Files.exists(ProducerSnapshotFiles.fileOf(partitionDir, 3)));
    }

    @Test
    void aClosedLogWritesNoSnapshot() throws IOException {
        // Given
        log.close();

        // When / Then
        assertThrows(IOException.class, () -> log.writeProducerSnapshot(new ProducerSnapshot(0, bytes("late"))));
        assertEquals(List.of(), snapshotOffsets());
    }

    private List<Long> snapshotOffsets() throws IOException {
        return TestLogs.snapshotOffsets(partitionDir);
    }

    private String content(long offset) throws IOException {
        return Files.readString(ProducerSnapshotFiles.fileOf(partitionDir, offset));
    }
}
