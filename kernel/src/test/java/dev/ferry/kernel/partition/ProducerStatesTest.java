package dev.ferry.kernel.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.services.broker.AbortedTransaction;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.ProducerState;
import dev.ferry.spi.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ProducerStatesTest {

    private static final long PRODUCER = 7;
    private static final Predicate<ProducerIdAndEpoch> VERIFIED = producer -> true;
    private static final Predicate<ProducerIdAndEpoch> FROM_BROKER = null;
    private final ProducerStates states = new ProducerStates(new TopicPartition("orders", 0));

    @Test
    void batchesInSequenceAreTakenAndAGapIsRefused() {
        appended(idempotent(0, 0, 3));
        appended(idempotent(3, 3, 2));

        BrokerException gap = assertThrows(BrokerException.class,
                () -> states.check(List.of(idempotent(5, 6, 1)), VERIFIED));

        assertEquals(BrokerError.OUT_OF_ORDER_SEQUENCE_NUMBER, gap.error());
    }

    @Test
    void aRetryOfOneOfTheLastFiveBatchesIsFoundWithItsOffsets() {
        for (int i = 0; i < 6; i++) {
            appended(idempotent(i * 10L, i * 2, 2));
        }

        Optional<ProducerEntry.BatchMetadata> retry = states.check(List.of(idempotent(0, 4, 2)), VERIFIED);

        assertEquals(20L, retry.orElseThrow().firstOffset());
        assertTrue(states.check(List.of(idempotent(0, 12, 2)), VERIFIED).isEmpty(), "the next batch is new");
        BrokerException tooOld = assertThrows(BrokerException.class,
                () -> states.check(List.of(idempotent(0, 0, 2)), VERIFIED));
        assertEquals(BrokerError.OUT_OF_ORDER_SEQUENCE_NUMBER, tooOld.error(), "only five batches are remembered");
    }

    @Test
    void anOlderEpochIsFencedAndANewEpochStartsAtZero() {
        appended(batch(0, (short) 3, 0, 1, false));

        assertEquals(BrokerError.INVALID_PRODUCER_EPOCH, assertThrows(BrokerException.class,
                () -> states.check(List.of(batch(1, (short) 2, 1, 1, false)), VERIFIED)).error());
        assertEquals(BrokerError.OUT_OF_ORDER_SEQUENCE_NUMBER, assertThrows(BrokerException.class,
                () -> states.check(List.of(batch(1, (short) 4, 5, 1, false)), VERIFIED)).error());
        assertTrue(states.check(List.of(batch(1, (short) 4, 0, 1, false)), VERIFIED).isEmpty());
    }

    @Test
    void anUnknownProducerMayStartAtAnySequence() {
        assertTrue(states.check(List.of(idempotent(0, 42, 1)), VERIFIED).isEmpty());
    }

    @Test
    void theBrokersOwnTransactionalBatchesAreNotCheckedForSequences() {
        MutableRecordBatch offsetCommit = batch(0, (short) 0, 0, 1, true);
        states.check(List.of(offsetCommit), FROM_BROKER);
        states.append(offsetCommit);

        assertTrue(states.check(List.of(batch(1, (short) 0, 0, 1, true)), FROM_BROKER).isEmpty());
        assertTrue(states.check(List.of(batch(1, (short) 0, 0, 1, true)), VERIFIED).isPresent(),
                "from a client, the same sequence again is a retry");
    }

    @Test
    void anOpenTransactionHoldsTheLastStableOffsetUntilItsMarker() {
        appended(idempotent(0, 0, 5));
        appended(batch(5, (short) 0, 5, 3, true));
        appended(batch(8, (short) 0, 8, 2, true));

        assertEquals(5, states.lastStableOffset(0, 10));
        assertEquals(BrokerError.INVALID_TXN_STATE, assertThrows(BrokerException.class,
                () -> states.check(List.of(idempotent(10, 10, 1)), VERIFIED)).error());

        states.endTransaction(PRODUCER, (short) 0, true, 0, 10, 0);

        assertEquals(11, states.lastStableOffset(0, 11));
        assertEquals(List.of(), states.abortedTransactions(0, 11));
    }

    @Test
    void aTransactionTheCoordinatorDoesNotHaveUnderWayCannotStartHere() {
        BrokerException refused = assertThrows(BrokerException.class,
                () -> states.check(List.of(batch(0, (short) 0, 0, 1, true)), producer -> false));

        assertEquals(BrokerError.INVALID_TXN_STATE, refused.error());
        appended(batch(0, (short) 0, 0, 1, true));
        assertTrue(states.check(List.of(batch(1, (short) 0, 1, 1, true)), producer -> false).isEmpty(),
                "only the batch that opens the transaction here is verified");
    }

    @Test
    void theLastStableOffsetNeverFallsBelowTheLogStart() {
        appended(batch(2, (short) 0, 0, 3, true));

        assertEquals(4, states.lastStableOffset(4, 9));
    }

    @Test
    void anAbortedTransactionIsReportedToReadsOverItUntilRetentionPassesIt() {
        appended(batch(3, (short) 0, 0, 2, true));
        states.endTransaction(PRODUCER, (short) 0, false, 0, 5, 0);

        assertEquals(List.of(new AbortedTransaction(PRODUCER, 3)), states.abortedTransactions(0, 6));
        assertEquals(List.of(), states.abortedTransactions(6, 9), "a read after the abort marker");

        states.logStartMovedTo(6);

        assertEquals(List.of(), states.abortedTransactions(0, 9));
    }

    @Test
    void aMarkerFromAnOlderEpochOrCoordinatorEpochIsRefused() {
        appended(batch(0, (short) 2, 0, 1, true));
        states.endTransaction(PRODUCER, (short) 2, true, 4, 1, 0);

        assertEquals(BrokerError.INVALID_PRODUCER_EPOCH, assertThrows(BrokerException.class,
                () -> states.checkMarker(PRODUCER, (short) 1, 4)).error());
        assertEquals(BrokerError.TRANSACTION_COORDINATOR_FENCED, assertThrows(BrokerException.class,
                () -> states.checkMarker(PRODUCER, (short) 2, 3)).error());
    }

    @Test
    void describeShowsEachProducersEpochSequenceAndOpenTransaction() {
        appended(batch(4, (short) 1, 0, 3, true));

        assertEquals(List.of(new ProducerState(PRODUCER, (short) 1, 2, 1000, -1, 4)), states.describe());
    }

    @Test
    void idleProducersExpireButNotWithATransactionOpen() {
        appended(idempotent(0, 0, 1));
        appended(batch(1, (short) 0, 0, 1, true, 8));

        states.expire(1000 + 60_000, 60_000);

        assertEquals(List.of(8L), states.describe().stream().map(ProducerState::producerId).toList());
    }

    private void appended(MutableRecordBatch batch) {
        assertTrue(states.check(List.of(batch), VERIFIED).isEmpty());
        states.append(batch);
    }

    private static MutableRecordBatch idempotent(long offset, int sequence, int count) {
        return batch(offset, (short) 0, sequence, count, false);
    }

    private static MutableRecordBatch batch(long offset, short epoch, int sequence, int count,
                                            boolean transactional) {
        return batch(offset, epoch, sequence, count, transactional, PRODUCER);
    }

    private static MutableRecordBatch batch(long offset, short epoch, int sequence, int count,
                                            boolean transactional, long producerId) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(1000, ("v" + i).getBytes());
        }
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, offset, RecordBatch.NO_TIMESTAMP, producerId, epoch,
                sequence, transactional, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (SimpleRecord record : records) {
            builder.append(record);
        }
        return builder.build().batches().iterator().next();
    }
}
