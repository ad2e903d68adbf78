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
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;

class CommittedOffsetsTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition OFFSETS_7 = new TopicPartition("__consumer_offsets", 7);

    private final CommittedOffsets offsets = new CommittedOffsets();
    private long nextRecordOffset;

    @Test
    void aLaterCommitOverwritesTheOffset() {
        write(commit("billing", ORDERS_0, 10, 1000));

        write(commit("billing", ORDERS_0, 20, 2000));

        assertEquals(Map.of(ORDERS_0, offset(20, 2000)), offsets.committed("billing"));
    }

    @Test
    void aTombstoneRemovesTheOffsetAndTheLastOneTheGroup() {
        write(commit("billing", ORDERS_0, 10, 1000));
        write(commit("billing", ORDERS_1, 11, 1000));

        write(new GroupRecord.OffsetTombstone("billing", ORDERS_0));
        assertEquals(Map.of(ORDERS_1, offset(11, 1000)), offsets.committed("billing"));
        assertEquals(Set.of("billing"), offsets.groupIds());

        write(new GroupRecord.OffsetTombstone("billing", ORDERS_1));
        assertEquals(Map.of(), offsets.committed("billing"));
        assertEquals(Set.of(), offsets.groupIds());
        assertFalse(offsets.hasOffsets("billing"));
    }

    @Test
    void aTombstoneForAnUnknownOffsetChangesNothing() {
        write(commit("billing", ORDERS_0, 10, 1000));

        write(new GroupRecord.OffsetTombstone("billing", ORDERS_1));
        write(new GroupRecord.OffsetTombstone("shipping", ORDERS_1));

        assertEquals(Map.of(ORDERS_0, offset(10, 1000)), offsets.committed("billing"));
        assertEquals(Set.of("billing"), offsets.groupIds());
    }

    @Test
    void aGroupTombstoneLeavesTheOffsetsToTheirOwnTombstones() {
        write(commit("billing", ORDERS_0, 10, 1000));

        write(new GroupRecord.GroupTombstone("billing"));

        assertEquals(Map.of(ORDERS_0, offset(10, 1000)), offsets.committed("billing"));
    }

    @Test
    void groupsAreKeptApart() {
        write(commit("billing", ORDERS_0, 10, 1000));
        write(commit("shipping", ORDERS_0, 99, 1000));

        assertEquals(Map.of(ORDERS_0, offset(10, 1000)), offsets.committed("billing"));
        assertEquals(Map.of(ORDERS_0, offset(99, 1000)), offsets.committed("shipping"));
        assertEquals(Set.of("billing", "shipping"), offsets.groupIds());
    }

    @Test
    void committedIsASnapshot() {
        write(commit("billing", ORDERS_0, 10, 1000));
        Map<TopicPartition, CommittedOffset> snapshot = offsets.committed("billing");

        write(commit("billing", ORDERS_0, 20, 2000));
        write(commit("billing", ORDERS_1, 5, 2000));

        assertEquals(Map.of(ORDERS_0, offset(10, 1000)), snapshot);
    }

    @Test
    void replayRebuildsTheOffsetsInLogOrder() {
        // Given: what a run of the broker left in one partition of the topic
        MemoryRecords log = TestLog.of(
                plain(1000, commit("billing", ORDERS_0, 10, 1000), commit("billing", ORDERS_1, 11, 1000),
                        commit("shipping", ORDERS_0, 5, 1000)),
                plain(2000, commit("billing", ORDERS_0, 20, 2000)),
                plain(3000, new GroupRecord.OffsetTombstone("billing", ORDERS_1)),
                plain(4000, new GroupRecord.OffsetTombstone("shipping", ORDERS_0),
                        new GroupRecord.GroupTombstone("shipping")),
                plain(5000, commit("audit", ORDERS_1, 7, 5000)));

        // When
        TestLog.replay(log, OFFSETS_7, offsets);

        // Then
        assertEquals(Map.of(ORDERS_0, offset(20, 2000)), offsets.committed("billing"));
        assertEquals(Map.of(ORDERS_1, offset(7, 5000)), offsets.committed("audit"));
        assertEquals(Set.of("billing", "audit"), offsets.groupIds());
    }

    @Test
    void replaySkipsControlBatchesAndUnreadableRecords() {
        MemoryRecords log = TestLog.of(
                MemoryRecords.withEndTransactionMarker(0, 1000, 0, 12L, (short) 0,
                        new EndTransactionMarker(ControlRecordType.COMMIT, 0)).buffer(),
                MemoryRecords.withRecords(Compression.NONE,
                        new SimpleRecord(1000, "not a key".getBytes(), "nor a value".getBytes()),
                        new SimpleRecord(1000, null, new byte[] {1}),
                        new SimpleRecord(1000, TestLog.SERDE.key(commit("billing", ORDERS_0, 10, 1000)),
                                TestLog.SERDE.value(commit("billing", ORDERS_0, 10, 1000)))).buffer());

        TestLog.replay(log, OFFSETS_7, offsets);

        assertEquals(Map.of(ORDERS_0, offset(10, 1000)), offsets.committed("billing"));
    }

    @Test
    void anOffsetExpiresOnceTheGroupHasBeenEmptyForTheRetention() {
        write(commit("billing", ORDERS_0, 10, 1000));

        assertEquals(List.of(), offsets.expired("billing", 5_999, 1_000, 5_000));
        assertEquals(List.of(ORDERS_0), offsets.expired("billing", 6_000, 1_000, 5_000));
    }

    @Test
    void anOffsetCommittedAfterTheGroupEmptiedExpiresARetentionAfterItsCommit() {
        write(commit("billing", ORDERS_0, 10, 8_000));
        write(commit("billing", ORDERS_1, 10, 2_000));

        assertEquals(List.of(ORDERS_1), offsets.expired("billing", 8_500, 1_000, 5_000));
        assertEquals(Set.of(ORDERS_0, ORDERS_1), Set.copyOf(offsets.expired("billing", 9_000, 1_000, 5_000)));
    }

    @Test
    void aGroupWithoutOffsetsHasNoneToExpire() {
        assertTrue(offsets.expired("billing", Long.MAX_VALUE, 0, 0).isEmpty());
    }

    /** Applies a plain write, as if appended next to the log. */
    private void write(GroupRecord record) {
        offsets.apply(OFFSETS_7, RecordBatch.NO_PRODUCER_ID, record, nextRecordOffset++);
    }

    private static ByteBuffer plain(long timestamp, GroupRecord... records) {
        return TestLog.SERDE.batch(List.of(records), timestamp, ProducerIdAndEpoch.NONE);
    }

    private static GroupRecord commit(String groupId, TopicPartition partition, long offset, long timestamp) {
        return new GroupRecord.OffsetCommit(groupId, partition, offset(offset, timestamp));
    }

    private static CommittedOffset offset(long offset, long timestamp) {
        return new CommittedOffset(offset, 0, "", timestamp);
    }
}
