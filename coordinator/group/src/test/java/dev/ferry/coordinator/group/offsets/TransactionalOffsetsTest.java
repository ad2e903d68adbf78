package dev.ferry.coordinator.group.offsets;

import dev.ferry.coordinator.group.records.GroupRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.group.CommittedOffset;
import dev.ferry.spi.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

/** Offsets committed inside transactions (TxnOffsetCommit), as {@link CommittedOffsets} keeps them. */
class TransactionalOffsetsTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition OFFSETS_7 = new TopicPartition("__consumer_offsets", 7);
    private static final TopicPartition OFFSETS_8 = new TopicPartition("__consumer_offsets", 8);
    private static final ProducerIdAndEpoch PRODUCER = new ProducerIdAndEpoch(4000, (short) 2);
    private static final ProducerIdAndEpoch OTHER_PRODUCER = new ProducerIdAndEpoch(4001, (short) 0);

    private final CommittedOffsets offsets = new CommittedOffsets();
    private long nextRecordOffset;

    @Test
    void anOffsetCommittedInATransactionIsPendingUntilTheCommitMarker() {
        // Given
        plain(commit("billing", ORDERS_0, 5));
        transactional(OFFSETS_7, PRODUCER, commit("billing", ORDERS_0, 10), commit("billing", ORDERS_1, 11));

        // Then: the group still reads its last plain commit, and both partitions are unstable
        assertEquals(Map.of(ORDERS_0, offset(5)), offsets.committed("billing"));
        assertEquals(Set.of(ORDERS_0, ORDERS_1), offsets.pendingPartitions("billing"));

        // When
        offsets.completeTransaction(OFFSETS_7, PRODUCER.producerId(), true);

        // Then
        assertEquals(Map.of(ORDERS_0, offset(10), ORDERS_1, offset(11)), offsets.committed("billing"));
        assertEquals(Set.of(), offsets.pendingPartitions("billing"));
    }

    @Test
    void anAbortDropsThePendingOffsets() {
        plain(commit("billing", ORDERS_0, 5));
        transactional(OFFSETS_7, PRODUCER, commit("billing", ORDERS_0, 10), commit("billing", ORDERS_1, 11));

        offsets.completeTransaction(OFFSETS_7, PRODUCER.producerId(), false);

        assertEquals(Map.of(ORDERS_0, offset(5)), offsets.committed("billing"));
        assertEquals(Set.of(), offsets.pendingPartitions("billing"));
        // a late duplicate marker changes nothing
        offsets.completeTransaction(OFFSETS_7, PRODUCER.producerId(), true);
        assertEquals(Map.of(ORDERS_0, offset(5)), offsets.committed("billing"));
    }

    @Test
    void aPlainCommitLaterInTheLogWinsOverTheTransactionCommittedAfterIt() {
        // Given: the transactional offset is written first, a plain commit of the partition after it
        transactional(OFFSETS_7, PRODUCER, commit("billing", ORDERS_0, 10), commit("billing", ORDERS_1, 11));
        plain(commit("billing", ORDERS_0, 20));

        // When
        offsets.completeTransaction(OFFSETS_7, PRODUCER.producerId(), true);

        // Then
        assertEquals(Map.of(ORDERS_0, offset(20), ORDERS_1, offset(11)), offsets.committed("billing"));
    }

    @Test
    void aTransactionalOffsetLaterInTheLogReplacesAnEarlierPlainCommit() {
        plain(commit("billing", ORDERS_0, 20));
        transactional(OFFSETS_7, PRODUCER, commit("billing", ORDERS_0, 10));

        offsets.completeTransaction(OFFSETS_7, PRODUCER.producerId(), true);

        assertEquals(Map.of(ORDERS_0, offset(10)), offsets.committed("billing"));
    }

    @Test
    void aMarkerSettlesOnlyItsProducersOffsetsInItsPartition() {
        // Given: the producer's transaction spans two groups in two partitions; another producer is open too
        transactional(OFFSETS_7, PRODUCER, commit("billing", ORDERS_0, 10));
        transactional(OFFSETS_8, PRODUCER, commit("shipping", ORDERS_0, 30));
        transactional(OFFSETS_7, OTHER_PRODUCER, commit("billing", ORDERS_1, 40));

        // When
        offsets.completeTransaction(OFFSETS_7, PRODUCER.producerId(), true);

        // Then
        assertEquals(Map.of(ORDERS_0, offset(10)), offsets.committed("billing"));
        assertEquals(Set.of(ORDERS_1), offsets.pendingPartitions("billing"));
        assertEquals(Map.of(), offsets.committed("shipping"));
        assertEquals(Set.of(ORDERS_0), offsets.pendingPartitions("shipping"));
    }

    @Test
    void aGroupWithOnlyPendingOffsetsHoldsOffsets() {
        transactional(OFFSETS_7, PRODUCER, commit("billing", ORDERS_0, 10));

        assertEquals(Set.of("billing"), offsets.groupIds());
        assertTrue(offsets.hasOffsets("billing"));
        assertTrue(offsets.hasOffset("billing", ORDERS_0));
        assertFalse(offsets.hasOffset("billing", ORDERS_1));
        assertEquals(Map.of(), offsets.committed("billing"));
    }

    @Test
    void aTombstoneDropsThePendingOffsetsSoThatTheCommitMarkerBringsNoneBack() {
        // Given
        plain(commit("billing", ORDERS_0, 5));
        transactional(OFFSETS_7, PRODUCER, commit("billing", ORDERS_0, 10), commit("billing", ORDERS_1, 11));
        transactional(OFFSETS_7, OTHER_PRODUCER, commit("billing", ORDERS_0, 12));

        // When: the group's offsets are deleted while the transactions are open
        plain(new GroupRecord.OffsetTombstone("billing", ORDERS_0),
                new GroupRecord.OffsetTombstone("billing", ORDERS_1), new GroupRecord.GroupTombstone("billing"));
        offsets.completeTransaction(OFFSETS_7, PRODUCER.producerId(), true);
        offsets.completeTransaction(OFFSETS_7, OTHER_PRODUCER.producerId(), true);

        // Then
        assertEquals(Map.of(), offsets.committed("billing"));
        assertEquals(Set.of(), offsets.groupIds());
        assertFalse(offsets.hasOffsets("billing"));
    }

    @Test
    void anOffsetWithACommitPendingDoesNotExpire() {
        plain(commit("billing", ORDERS_0, 5), commit("billing", ORDERS_1, 6));
        transactional(OFFSETS_7, PRODUCER, commit("billing", ORDERS_0, 10));

        assertEquals(List.of(ORDERS_1), offsets.expired("billing", 10_000, 1_000, 0));

        offsets.completeTransaction(OFFSETS_7, PRODUCER.producerId(), false);
        assertEquals(Set.of(ORDERS_0, ORDERS_1), Set.copyOf(offsets.expired("billing", 10_000, 1_000, 0)));
    }

    @Test
    void replaySettlesTheTransactionsWhoseMarkersItReadsAndKeepsTheOthersPending() {
        // Given: what a run of the broker left in one partition of the topic; the last transaction has no marker
        ProducerIdAndEpoch third = new ProducerIdAndEpoch(4002, (short) 0);
        MemoryRecords log = TestLog.of(
                plainBatch(commit("billing", ORDERS_0, 5)),
                transactionalBatch(PRODUCER, commit("billing", ORDERS_0, 10), commit("billing", ORDERS_1, 11)),
                transactionalBatch(OTHER_PRODUCER, commit("shipping", ORDERS_0, 50)),
                marker(PRODUCER, ControlRecordType.COMMIT),
                transactionalBatch(third, commit("billing", ORDERS_1, 12)),
                marker(OTHER_PRODUCER, ControlRecordType.ABORT));

        // When
        TestLog.replay(log, OFFSETS_7, offsets);

        // Then
        assertEquals(Map.of(ORDERS_0, offset(10), ORDERS_1, offset(11)), offsets.committed("billing"));
        assertEquals(Set.of(ORDERS_1), offsets.pendingPartitions("billing"));
        assertEquals(Set.of("billing"), offsets.groupIds());

        // When: the transaction coordinator completes the open transaction after the start
        offsets.completeTransaction(OFFSETS_7, third.producerId(), true);

        // Then
        assertEquals(Map.of(ORDERS_0, offset(10), ORDERS_1, offset(12)), offsets.committed("billing"));
    }

    @Test
    void replayKeepsAPlainCommitWrittenBetweenATransactionalOffsetAndItsMarker() {
        MemoryRecords log = TestLog.of(
                transactionalBatch(PRODUCER, commit("billing", ORDERS_0, 10)),
                plainBatch(commit("billing", ORDERS_0, 20)),
                marker(PRODUCER, ControlRecordType.COMMIT));

        TestLog.replay(log, OFFSETS_7, offsets);

        assertEquals(Map.of(ORDERS_0, offset(20)), offsets.committed("billing"));
        assertEquals(Set.of(), offsets.pendingPartitions("billing"));
    }

    /** Applies a plain write, as if appended next to the log. */
    private void plain(GroupRecord... records) {
        for (GroupRecord record : records) {
            offsets.apply(OFFSETS_7, RecordBatch.NO_PRODUCER_ID, record, nextRecordOffset++);
        }
    }

    /** Applies a producer's transactional write to a partition of the topic, as if appended next to the log. */
    private void transactional(TopicPartition source, ProducerIdAndEpoch producer, GroupRecord... records) {
        for (GroupRecord record : records) {
            offsets.apply(source, producer.producerId(), record, nextRecordOffset++);
        }
    }

    private static GroupRecord commit(String groupId, TopicPartition partition, long offset) {
        return new GroupRecord.OffsetCommit(groupId, partition, offset(offset));
    }

    private static CommittedOffset offset(long offset) {
        return new CommittedOffset(offset, 0, "", 1000);
    }

    private static ByteBuffer plainBatch(GroupRecord... records) {
        return TestLog.SERDE.batch(List.of(records), 1000, ProducerIdAndEpoch.NONE);
    }

    private static ByteBuffer transactionalBatch(ProducerIdAndEpoch producer, GroupRecord... records) {
        return TestLog.SERDE.batch(List.of(records), 1000, producer);
    }

    private static ByteBuffer marker(ProducerIdAndEpoch producer, ControlRecordType type) {
        return MemoryRecords.withEndTransactionMarker(1000, producer.producerId(), producer.epoch(),
                new EndTransactionMarker(type, 0)).buffer();
    }
}
