package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.abortMarker;
import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.transactionalBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.spi.storage.AbortedTransactionRange;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rewrite that drops an abort marker drops its transaction from the txn index, as Kafka's cleaner does: a
 * read_committed consumer told of it would wait for a marker that is gone and skip the producer's later records.
 */
class DroppedAbortMarkerTest extends SmallSegmentsLogTest {

    private static final short EPOCH = 0;

    @Test
    void theEntryOfAKeptMarkerStaysAndTheEntryOfADroppedOneGoes() throws IOException {
        // Given: two aborted transactions of one record each, then enough batches to close their segments
        log.append(appendOf(transactionalBatch(0, 1, EPOCH)));
        log.append(appendOf(abortMarker(1, 1, EPOCH)));
        log.append(appendOf(transactionalBatch(2, 2, EPOCH)));
        log.append(appendOf(abortMarker(3, 2, EPOCH)));
        AbortedTransactionRange first = new AbortedTransactionRange(1, 0, 1, 2);
        AbortedTransactionRange second = new AbortedTransactionRange(2, 2, 3, 4);
        log.appendAbortedTransaction(first);
        log.appendAbortedTransaction(second);
        append(6);
        long activeBase = TestLogs.baseOffsets(log).get(TestLogs.baseOffsets(log).size() - 1);

        // When: the cleaner drops the transactions' records and the first marker
        log.rewrite(activeBase, TestFilters.keepRecords(record -> record.offset() != 0 && record.offset() != 1
                && record.offset() != 2));

        // Then
        assertEquals(List.of(second), log.abortedTransactions(0, Long.MAX_VALUE));
        assertEquals(List.of(second), reopen().abortedTransactions(0, Long.MAX_VALUE));
    }
}
