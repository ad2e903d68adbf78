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
import dev.ferry.spi.settings.Settings;
import dev.ferry.spi.storage.AbortedTransactionRange;
import dev.ferry.spi.storage.LogMove;
import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.ProducerSnapshot;
import dev.ferry.spi.storage.StorageContext;
import dev.ferry.spi.time.ManualScheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogMoveTest {

    private static final TopicPartition ORDERS = new TopicPartition("orders", 2);
    private static final Map<String, String> SMALL_SEGMENTS = Map.of("segment.bytes", "300");

    @TempDir
    Path root;

    private final ManualScheduler scheduler = new ManualScheduler();
    private SegmentStorageEngine engine = new SegmentStorageEngine();

    @AfterEach
    void closeEngine() throws IOException {
        engine.close();
    }

    @Test
    void theCopyFollowsAppendsAndTakesTheLogsPlaceWithEveryRecord() throws IOException {
        // Given
        startEngine();
        PartitionLog log = engine.open(ORDERS, SMALL_SEGMENTS);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        appendBatches(log, 0, 10, expected);
        LogMove move = engine.startMove(log, second());
        move.copy(200);
        appendBatches(log, 10, 5, expected);
        move.copy(Integer.MAX_VALUE);
        appendBatches(log, 15, 3, expected);

        // When
        PartitionLog moved = move.complete();

        // Then
        assertEquals(second(), moved.directory().getParent());
        assertEquals(log.logEndOffset(), moved.logEndOffset());
        assertArrayEquals(expected.toByteArray(), TestLogs.readAll(moved));
        assertFalse(Files.exists(first().resolve(ORDERS.logDirectoryName())));
        assertEquals(List.of(), futureDirectories(second()));
        assertTrue(moved.segments().size() > 1, "the copy rolls as the log did: " + moved.segments());
    }

    @Test
    void theMovedLogIsTheOneOpenedAfterARestart() throws IOException {
        // Given
        startEngine();
        PartitionLog log = engine.open(ORDERS, SMALL_SEGMENTS);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        appendBatches(log, 0, 8, expected);
        PartitionLog moved = engine.startMove(log, second()).complete();
        appendBatches(moved, 8, 2, expected);

        // When
        engine.close();
        startEngine();
        PartitionLog reopened = engine.open(ORDERS, SMALL_SEGMENTS);

        // Then
        assertEquals(second(), reopened.directory().getParent());
        assertArrayEquals(expected.toByteArray(), TestLogs.readAll(reopened));
    }

    @Test
    void aSliceOfTheOldLogStaysReadableAfterTheSwap() throws IOException {
        // Given
        startEngine();
        PartitionLog log = engine.open(ORDERS, Map.of("file.delete.delay.ms", "60000"));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        appendBatches(log, 0, 4, expected);
        LogSlice slice = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true);

        // When
        engine.startMove(log, second()).complete();

        // Then
        assertArrayEquals(expected.toByteArray(), bytesOf(slice));
        assertArrayEquals(expected.toByteArray(), TestLogs.readAll(log));
        assertThrows(IOException.class, () -> log.append(appendOf(batch(4, 1, 10))));
    }

    @Test
    void aLogMovedBackBeforeTheOldOneIsReleasedKeepsItsFiles() throws IOException {
        // Given: a log moved away and straight back, both old logs released 200 ms later
        startEngine();
        Map<String, String> config = Map.of("segment.bytes", "300", "file.delete.delay.ms", "200");
        PartitionLog log = engine.open(ORDERS, config);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        appendBatches(log, 0, 8, expected);
        PartitionLog away = engine.startMove(log, second()).complete();

        // When
        assertEquals(first(), engine.startMove(away, first()).complete().directory().getParent());
        scheduler.advance(200);
        engine.close();
        startEngine();

        // Then: releasing the first log deleted nothing of the one now at its old paths
        assertArrayEquals(expected.toByteArray(), TestLogs.readAll(engine.open(ORDERS, config)));
    }

    @Test
    void theAbortedTransactionsMoveWithTheLogButNotItsProducerSnapshots() throws IOException {
        // Given: aborted transactions recorded before the move, while it copies, and once it caught up
        startEngine();
        PartitionLog log = engine.open(ORDERS, SMALL_SEGMENTS);
        appendBatches(log, 0, 10, new ByteArrayOutputStream());
        List<AbortedTransactionRange> aborted = List.of(new AbortedTransactionRange(1, 1, 3, 1),
                new AbortedTransactionRange(2, 4, 7, 4), new AbortedTransactionRange(3, 8, 12, 8),
                new AbortedTransactionRange(4, 15, 16, 15));
        log.appendAbortedTransaction(aborted.get(0));
        log.appendAbortedTransaction(aborted.get(1));
        log.writeProducerSnapshot(new ProducerSnapshot(10, ByteBuffer.wrap(new byte[] {1, 2, 3})));
        LogMove move = engine.startMove(log, second());
        move.copy(200);
        appendBatches(log, 10, 5, new ByteArrayOutputStream());
        log.appendAbortedTransaction(aborted.get(2));
        move.copy(Integer.MAX_VALUE);
        appendBatches(log, 15, 3, new ByteArrayOutputStream());
        log.appendAbortedTransaction(aborted.get(3));

        // When
        PartitionLog moved = move.complete();

        // Then
        assertEquals(aborted, moved.abortedTransactions(0, Long.MAX_VALUE));
        assertEquals(Optional.empty(), moved.latestProducerSnapshot());
        engine.close();
        startEngine();
        PartitionLog reopened = engine.open(ORDERS, SMALL_SEGMENTS);
        assertEquals(second(), reopened.directory().getParent());
        assertEquals(aborted, reopened.abortedTransactions(0, Long.MAX_VALUE));
        assertEquals(4, TestLogs.files(reopened.directory(), LogSegment.TXN_INDEX_SUFFIX).size());
    }

    @Test
    void theCopyStartsOverWhenTheLogStartPassesItsEnd() throws IOException {
        // Given
        startEngine();
        PartitionLog log = engine.open(ORDERS, SMALL_SEGMENTS);
        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        appendBatches(log, 0, 10, ignored);
        LogMove move = engine.startMove(log, second());
        move.copy(100);

        // When
        log.deleteRecordsBefore(7);
        PartitionLog moved = move.complete();

        // Then
        assertEquals(7, moved.logStartOffset());
        assertEquals(10, moved.logEndOffset());
        assertArrayEquals(TestLogs.readAll(log), TestLogs.readAll(moved));
    }

    @Test
    void anAbortedMoveLeavesTheLogAndDeletesTheCopy() throws IOException {
        // Given
        startEngine();
        PartitionLog log = engine.open(ORDERS, SMALL_SEGMENTS);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        appendBatches(log, 0, 5, expected);
        LogMove move = engine.startMove(log, second());
        move.copy(Integer.MAX_VALUE);

        // When
        move.abort();

        // Then
        assertEquals(List.of(), futureDirectories(second()));
        appendBatches(log, 5, 1, expected);
        assertArrayEquals(expected.toByteArray(), TestLogs.readAll(log));
        assertEquals(first(), log.directory().getParent());
    }

    @Test
    void anUnfinishedCopyIsDroppedAtStartAndItsMoveReported() throws IOException {
        // Given
        startEngine();
        PartitionLog log = engine.open(ORDERS, SMALL_SEGMENTS);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        appendBatches(log, 0, 5, expected);
        engine.startMove(log, second()).copy(100);

        // When
        engine.close();
        startEngine();

        // Then
        assertEquals(Optional.of(second()), engine.unfinishedMove(ORDERS));
        assertEquals(List.of(), futureDirectories(second()));
        PartitionLog reopened = engine.open(ORDERS, SMALL_SEGMENTS);
        assertEquals(first(), reopened.directory().getParent());
        assertArrayEquals(expected.toByteArray(), TestLogs.readAll(reopened));
    }

    @Test
    void aWholeCopyWhoseLogWasRenamedAwayBecomesTheLogAtStart() throws IOException {
        // Given: a stop between the two renames of a swap
        startEngine();
        PartitionLog log = engine.open(ORDERS, SMALL_SEGMENTS);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        appendBatches(log, 0, 6, expected);
        engine.startMove(log, second()).copy(Integer.MAX_VALUE);
        engine.close();
        Path current = first().resolve(ORDERS.logDirectoryName());
        Files.move(current, current.resolveSibling(ORDERS.logDirectoryName() + ".0123-delete"),
                StandardCopyOption.ATOMIC_MOVE);

        // When
        startEngine();
        PartitionLog reopened = engine.open(ORDERS, SMALL_SEGMENTS);

        // Then
        assertEquals(Optional.empty(), engine.unfinishedMove(ORDERS));
        assertEquals(second(), reopened.directory().getParent());
        assertArrayEquals(expected.toByteArray(), TestLogs.readAll(reopened));
    }

    @Test
    void aDestinationOutsideTheLogDirectoriesOrHoldingTheLogIsRefused() throws IOException {
        startEngine();
        PartitionLog log = engine.open(ORDERS, SMALL_SEGMENTS);

        assertThrows(IllegalArgumentException.class, () -> engine.startMove(log, root.resolve("elsewhere")));
        assertThrows(IllegalArgumentException.class, () -> engine.startMove(log, first()));
    }

    @Test
    void aRenamedDirectoryNamesItsPartition() {
        assertEquals(Optional.of(new TopicPartition("a-b.c", 12)),
                SegmentStorageEngine.partitionOfRenamed("a-b.c-12.0f3a-future"));
        assertEquals(Optional.empty(), SegmentStorageEngine.partitionOfRenamed("orders-x.1-future"));
        assertEquals(Optional.empty(), SegmentStorageEngine.partitionOfRenamed("nodots-future"));
    }

    private void startEngine() throws IOException {
        engine = new SegmentStorageEngine();
        engine.start(new StorageContext(List.of(first(), second()), Settings.of(Map.of()), scheduler));
    }

    private Path first() {
        return root.resolve("one");
    }

    private Path second() {
        return root.resolve("two");
    }

    private static void appendBatches(PartitionLog log, long from, int count, ByteArrayOutputStream written)
            throws IOException {
        for (long offset = from; offset < from + count; offset++) {
            var batch = batch(offset, 1, 40);
            written.writeBytes(bytesOf(batch));
            log.append(appendOf(batch));
        }
    }

    private static List<Path> futureDirectories(Path logDirectory) throws IOException {
        try (Stream<Path> children = Files.list(logDirectory)) {
            return children.filter(child -> child.getFileName().toString().endsWith("-future")).toList();
        }
    }
}
