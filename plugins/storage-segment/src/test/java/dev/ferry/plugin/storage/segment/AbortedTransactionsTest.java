package dev.ferry.plugin.storage.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.storage.AbortedTransactionRange;
import dev.ferry.spi.storage.PartitionLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The aborted transactions of a log, in Kafka's {@code .txnindex} of the segment holding each abort marker. The log has
 * segments at 0, 3, 6 and 9 (active, up to 11), and one aborted transaction ending in each, two in the last.
 */
class AbortedTransactionsTest extends SmallSegmentsLogTest {

    private static final AbortedTransactionRange IN_0 = new AbortedTransactionRange(1, 0, 2, 0);
    private static final AbortedTransactionRange IN_3 = new AbortedTransactionRange(2, 1, 4, 1);
    private static final AbortedTransactionRange IN_6 = new AbortedTransactionRange(3, 5, 7, 5);
    private static final AbortedTransactionRange FIRST_IN_9 = new AbortedTransactionRange(4, 8, 10, 8);
    private static final AbortedTransactionRange LAST_IN_9 = new AbortedTransactionRange(5, 9, 11, 9);
    private static final List<AbortedTransactionRange> ALL = List.of(IN_0, IN_3, IN_6, FIRST_IN_9, LAST_IN_9);

    @BeforeEach
    void recordOneAbortedTransactionASegment() throws IOException {
        append(12);
        assertEquals(List.of(0L, 3L, 6L, 9L), TestLogs.baseOffsets(log));
        assertEquals(List.of(), TestLogs.files(partitionDir, LogSegment.TXN_INDEX_SUFFIX), "none before an entry");
        for (AbortedTransactionRange aborted : ALL) {
            log.appendAbortedTransaction(aborted);
        }
    }

    @Test
    void eachEntryIsInTheTxnIndexOfTheSegmentHoldingItsMarker() throws IOException {
        // Then: Kafka's entries of 34 bytes
        assertEquals(List.of("00000000000000000000.txnindex", "00000000000000000003.txnindex",
                "00000000000000000006.txnindex", "00000000000000000009.txnindex"),
                TestLogs.files(partitionDir, LogSegment.TXN_INDEX_SUFFIX).stream()
                        .map(file -> file.getFileName().toString()).toList());
        assertEquals(List.of(34L, 34L, 34L, 68L), txnIndexSizes());
    }

    @Test
    void entriesAreFoundFromTheSegmentHoldingTheStartOnAsKafkaCollectsThem() throws IOException {
        assertEquals(ALL, log.abortedTransactions(0, Long.MAX_VALUE));
        assertEquals(List.of(IN_3, IN_6), log.abortedTransactions(3, 6));
        assertEquals(List.of(IN_6), log.abortedTransactions(5, 6));
        assertEquals(List.of(IN_6, FIRST_IN_9, LAST_IN_9), log.abortedTransactions(6, 12));
        assertEquals(List.of(LAST_IN_9), log.abortedTransactions(11, 12));
        assertEquals(List.of(), log.abortedTransactions(0, 0));
    }

    @Test
    void aMarkerRecordedAgainChangesNothing() throws IOException {
        // When: the broker reads its log again after its snapshot
        log.appendAbortedTransaction(IN_3);
        log.appendAbortedTransaction(LAST_IN_9);

        // Then
        assertEquals(ALL, log.abortedTransactions(0, Long.MAX_VALUE));
        assertEquals(List.of(34L, 34L, 34L, 68L), txnIndexSizes());
    }

    @Test
    void anEntryRecordedLateTakesItsPlaceInMarkerOrderOnDiskToo() throws IOException {
        // Given: one a crash lost, recorded again after those of later markers
        AbortedTransactionRange late = new AbortedTransactionRange(6, 9, 9, 9);

        // When
        log.appendAbortedTransaction(late);

        // Then
        List<AbortedTransactionRange> inOrder = List.of(IN_0, IN_3, IN_6, late, FIRST_IN_9, LAST_IN_9);
        assertEquals(inOrder, log.abortedTransactions(0, Long.MAX_VALUE));
        assertEquals(inOrder, reopen().abortedTransactions(0, Long.MAX_VALUE));
    }

    @Test
    void entriesAreKeptAcrossACloseAndReopen() throws IOException {
        // When
        PartitionLog reopened = reopen();

        // Then
        assertEquals(ALL, reopened.abortedTransactions(0, Long.MAX_VALUE));
        assertEquals(List.of(IN_3, IN_6), reopened.abortedTransactions(3, 6));
    }

    @Test
    void entriesWhoseMarkerACrashCutOffGoWithIt() throws IOException {
        // Given: the active segment keeps 9 and 10, its batch at 11 torn
        engine.close();
        try (FileChannel segment = FileChannel.open(LogSegment.file(partitionDir, 9, LogSegment.LOG_SUFFIX),
                StandardOpenOption.WRITE)) {
            segment.truncate(2L * batchSize + 30);
        }
        Files.delete(logDir.resolve(LogDirectory.CLEAN_SHUTDOWN_MARKER));

        // When
        PartitionLog recovered = reopen();

        // Then
        assertEquals(11, recovered.logEndOffset());
        assertEquals(List.of(IN_0, IN_3, IN_6, FIRST_IN_9), recovered.abortedTransactions(0, Long.MAX_VALUE));
        assertEquals(List.of(34L, 34L, 34L, 34L), txnIndexSizes());
    }

    @Test
    void aMissingTxnIndexIsAnEmptyOne() throws IOException {
        // Given: a segment written before there were txn indexes
        engine.close();
        Files.delete(LogSegment.file(partitionDir, 3, LogSegment.TXN_INDEX_SUFFIX));

        // When
        PartitionLog reopened = reopen();

        // Then
        assertEquals(List.of(IN_0, IN_6, FIRST_IN_9, LAST_IN_9), reopened.abortedTransactions(0, Long.MAX_VALUE));
    }

    @Test
    void entriesGoWithDeletedSegments() throws Exception {
        // When: the segments at 0 and 3 go
        log.deleteRecordsBefore(7);

        // Then
        assertEquals(List.of(IN_6, FIRST_IN_9, LAST_IN_9), log.abortedTransactions(0, Long.MAX_VALUE));
        assertTrue(Files.exists(partitionDir.resolve("00000000000000000003.txnindex.deleted")));
        scheduler.advance(DELETE_DELAY_MS);
        assertEquals(List.of(), TestLogs.files(partitionDir, LogSegment.DELETED_SUFFIX));
        assertEquals(List.of(34L, 68L), txnIndexSizes());
    }

    @Test
    void aMarkerNoSegmentHoldsIsRefused() throws IOException {
        assertThrows(IllegalArgumentException.class,
                () -> log.appendAbortedTransaction(new AbortedTransactionRange(7, 11, 12, 11)));
        assertFalse(log.abortedTransactions(0, Long.MAX_VALUE).stream().anyMatch(aborted -> aborted.producerId() == 7));
    }

    private List<Long> txnIndexSizes() throws IOException {
        List<Long> sizes = new ArrayList<>();
        for (Path file : TestLogs.files(partitionDir, LogSegment.TXN_INDEX_SUFFIX)) {
            sizes.add(Files.size(file));
        }
        return sizes;
    }
}
