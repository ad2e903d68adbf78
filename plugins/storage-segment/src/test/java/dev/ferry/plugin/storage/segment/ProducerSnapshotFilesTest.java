package dev.ferry.plugin.storage.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot files of one log directory, without a log: Kafka's rules for which stay, and which write wins. */
class ProducerSnapshotFilesTest {

    @TempDir
    Path directory;

    @Test
    void theLoadKeepsTheSnapshotsAtSegmentBasesAndTheLargestStrayAtOrAfterTheLastBase() throws IOException {
        // Given: segments at 3, 6 and 9, the log ending at 11
        for (long offset : List.of(1L, 3L, 4L, 5L, 6L, 7L, 9L, 10L, 12L)) {
            write(offset, "at " + offset);
        }
        Path temporary = directory.resolve("00000000000000000008.snapshot.tmp");
        Files.writeString(temporary, "half");

        // When
        ProducerSnapshotFiles.load(directory, List.of(3L, 6L, 9L), 11);

        // Then: 1 is below the log, 12 beyond it, 4, 5 and 7 are strays before the largest, 10
        assertEquals(List.of(3L, 6L, 9L, 10L), offsetsOnDisk());
        assertFalse(Files.exists(temporary));
    }

    @Test
    void theLargestStrayGoesTooWhenItLiesBeforeTheLastBase() throws IOException {
        // Given
        write(4, "stray");
        write(5, "largest stray");
        write(6, "base");

        // When
        ProducerSnapshotFiles.load(directory, List.of(0L, 6L), 8);

        // Then
        assertEquals(List.of(6L), offsetsOnDisk());
    }

    @Test
    void aSnapshotWrittenNowWinsOverOneTakenEarlierAtTheSameOffset() throws IOException {
        // Given
        ProducerSnapshotFiles snapshots = ProducerSnapshotFiles.load(directory, List.of(0L), 5);
        snapshots.onRoll(offset -> bytes("taken at the roll"));
        BackgroundTasks.Task backgroundWrite = snapshots.takeAt(5);
        snapshots.write(5, bytes("written at shutdown"));

        // When
        backgroundWrite.run();

        // Then
        assertEquals("written at shutdown", read(5));
    }

    @Test
    void aClosedLogWritesNoSnapshot() throws IOException {
        // Given
        ProducerSnapshotFiles snapshots = ProducerSnapshotFiles.load(directory, List.of(0L), 5);
        snapshots.onRoll(offset -> bytes("taken at the roll"));
        BackgroundTasks.Task backgroundWrite = snapshots.takeAt(5);
        snapshots.close();

        // When
        backgroundWrite.run();

        // Then
        assertEquals(List.of(), offsetsOnDisk());
        assertThrows(IOException.class, () -> snapshots.write(5, bytes("too late")));
    }

    @Test
    void aSnapshotTakenBelowADeletionIsNotWritten() throws IOException {
        // Given
        ProducerSnapshotFiles snapshots = ProducerSnapshotFiles.load(directory, List.of(0L), 9);
        snapshots.onRoll(offset -> bytes("at " + offset));
        BackgroundTasks.Task atThree = snapshots.takeAt(3);
        snapshots.takeAt(6).run();
        snapshots.deleteBelow(6);

        // When
        atThree.run();

        // Then
        assertEquals(List.of(6L), offsetsOnDisk());
    }

    @Test
    void withoutAFunctionARollTakesNoSnapshot() throws IOException {
        // Given
        ProducerSnapshotFiles snapshots = ProducerSnapshotFiles.load(directory, List.of(0L), 9);

        // When
        snapshots.takeAt(3).run();

        // Then
        assertEquals(List.of(), offsetsOnDisk());
    }

    private List<Long> offsetsOnDisk() throws IOException {
        return TestLogs.snapshotOffsets(directory);
    }

    private void write(long offset, String content) throws IOException {
        Files.writeString(ProducerSnapshotFiles.fileOf(directory, offset), content);
    }

    private String read(long offset) throws IOException {
        return Files.readString(ProducerSnapshotFiles.fileOf(directory, offset));
    }

    static ByteBuffer bytes(String content) {
        return ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
    }
}
