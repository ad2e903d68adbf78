package dev.ferry.kernel.group.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.ProducerIdAndEpoch;
import dev.ferry.spi.group.CommittedOffset;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.coordinator.common.runtime.CoordinatorRecord;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.LegacyOffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our records against Apache Kafka's own reader and writer of {@code __consumer_offsets} (its 4.1 serde). */
class OffsetRecordsTest {

    private static final GroupCoordinatorRecordSerde KAFKA = new GroupCoordinatorRecordSerde();
    private static final TopicPartition ORDERS_3 = new TopicPartition("orders", 3);

    @Test
    void kafkaReadsOurCommitAsOffsetCommitValueVersion3() {
        // Given
        OffsetRecord commit = new OffsetRecord.Commit("billing", ORDERS_3,
                new CommittedOffset(42, 7, "checkpoint", 1_700_000_000_000L));

        // When
        CoordinatorRecord read = KAFKA.deserialize(OffsetRecords.key(commit), OffsetRecords.value(commit));

        // Then
        assertEquals(new OffsetCommitKey().setGroup("billing").setTopic("orders").setPartition(3), read.key());
        assertEquals(3, read.value().version());
        assertEquals(new OffsetCommitValue().setOffset(42).setLeaderEpoch(7).setMetadata("checkpoint")
                .setCommitTimestamp(1_700_000_000_000L), read.value().message());
    }

    @Test
    void kafkaReadsOurOffsetTombstone() {
        OffsetRecord tombstone = new OffsetRecord.OffsetTombstone("billing", ORDERS_3);

        CoordinatorRecord read = KAFKA.deserialize(OffsetRecords.key(tombstone), OffsetRecords.value(tombstone));

        assertEquals(new OffsetCommitKey().setGroup("billing").setTopic("orders").setPartition(3), read.key());
        assertNull(read.value());
    }

    @Test
    void kafkaReadsOurGroupTombstone() {
        OffsetRecord tombstone = new OffsetRecord.GroupTombstone("billing");

        CoordinatorRecord read = KAFKA.deserialize(OffsetRecords.key(tombstone), OffsetRecords.value(tombstone));

        assertEquals(new GroupMetadataKey().setGroup("billing"), read.key());
        assertNull(read.value());
    }

    @Test
    void aNullMetadataIsStoredEmptyAsKafkaDoes() {
        OffsetRecord commit = new OffsetRecord.Commit("billing", ORDERS_3, new CommittedOffset(1, -1, null, 5));

        CoordinatorRecord read = KAFKA.deserialize(OffsetRecords.key(commit), OffsetRecords.value(commit));

        assertEquals("", ((OffsetCommitValue) read.value().message()).metadata());
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void weReadEveryOffsetCommitValueVersionKafkaWrites(short version) {
        // Given
        OffsetCommitValue value = new OffsetCommitValue().setOffset(42).setMetadata("m").setCommitTimestamp(9);
        if (version >= 3) {
            value.setLeaderEpoch(7);
        }
        if (version == 1) {
            value.setExpireTimestamp(99);
        }
        OffsetCommitKey key = new OffsetCommitKey().setGroup("billing").setTopic("orders").setPartition(3);

        // When
        Optional<OffsetRecord> read = OffsetRecords.decode(kafkaKey(key), kafkaValue(key, value, version));

        // Then
        int expectedEpoch = version >= 3 ? 7 : -1;
        assertEquals(Optional.of(new OffsetRecord.Commit("billing", ORDERS_3,
                new CommittedOffset(42, expectedEpoch, "m", 9))), read);
    }

    @Test
    void weReadTheLegacyOffsetCommitKey() {
        ByteBuffer key = kafkaKey(new LegacyOffsetCommitKey().setGroup("billing").setTopic("orders").setPartition(3));

        Optional<OffsetRecord> read = OffsetRecords.decode(key, null);

        assertEquals(Optional.of(new OffsetRecord.OffsetTombstone("billing", ORDERS_3)), read);
    }

    @Test
    void recordsHoldingNoOffsetsAreSkipped() {
        GroupMetadataKey groupKey = new GroupMetadataKey().setGroup("billing");
        ByteBuffer groupValue = kafkaValue(groupKey, new GroupMetadataValue().setProtocolType("consumer")
                .setGeneration(4).setMembers(new ArrayList<>()), (short) 3);
        ConsumerGroupMetadataKey consumerKey = new ConsumerGroupMetadataKey().setGroupId("billing");
        ByteBuffer consumerValue = kafkaValue(consumerKey, new ConsumerGroupMetadataValue().setEpoch(5), (short) 0);

        assertEquals(Optional.empty(), OffsetRecords.decode(kafkaKey(groupKey), groupValue));
        assertEquals(Optional.empty(), OffsetRecords.decode(kafkaKey(consumerKey), consumerValue));
        assertEquals(Optional.empty(), OffsetRecords.decode(kafkaKey(consumerKey), null));
    }

    @Test
    void unreadableRecordsAreRefused() {
        ByteBuffer key = OffsetRecords.key(new OffsetRecord.OffsetTombstone("billing", ORDERS_3));
        ByteBuffer futureValue = ByteBuffer.allocate(10).putShort((short) 5).putLong(1).flip();
        ByteBuffer truncatedKey = key.duplicate().limit(key.limit() - 2);

        assertThrows(IllegalArgumentException.class, () -> OffsetRecords.decode(null, null));
        assertThrows(IllegalArgumentException.class, () -> OffsetRecords.decode(truncatedKey, null));
        assertThrows(IllegalArgumentException.class, () -> OffsetRecords.decode(key, futureValue));
        assertThrows(IllegalArgumentException.class,
                () -> OffsetRecords.decode(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0}), null));
    }

    @Test
    void aWriteIsOneUncompressedBatchAtBaseOffsetZero() {
        // Given
        List<OffsetRecord> records = List.of(
                new OffsetRecord.Commit("billing", ORDERS_3, new CommittedOffset(42, 7, "", 5)),
                new OffsetRecord.OffsetTombstone("billing", new TopicPartition("orders", 4)),
                new OffsetRecord.GroupTombstone("billing"));

        // When
        ByteBuffer batch = OffsetRecords.batch(records, 1234, ProducerIdAndEpoch.NONE);

        // Then
        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(batch).batches().forEach(batches::add);
        assertEquals(1, batches.size());
        RecordBatch only = batches.get(0);
        only.ensureValid();
        assertEquals(RecordBatch.MAGIC_VALUE_V2, only.magic());
        assertEquals(CompressionType.NONE, only.compressionType());
        assertEquals(0, only.baseOffset());
        List<Optional<OffsetRecord>> read = new ArrayList<>();
        List<ApiMessage> readByKafka = new ArrayList<>();
        for (Record record : only) {
            assertEquals(1234, record.timestamp());
            read.add(OffsetRecords.decode(record.key(), record.value()));
            CoordinatorRecord kafkaRecord = KAFKA.deserialize(record.key(), record.value());
            readByKafka.add(kafkaRecord.value() == null ? kafkaRecord.key() : kafkaRecord.value().message());
        }
        assertEquals(records.stream().map(Optional::of).toList(), read);
        assertInstanceOf(OffsetCommitValue.class, readByKafka.get(0));
        assertInstanceOf(OffsetCommitKey.class, readByKafka.get(1));
        assertInstanceOf(GroupMetadataKey.class, readByKafka.get(2));
    }

    @Test
    void aTransactionalWriteIsOneBatchOfTheProducerAtSequenceZeroAsKafkaCoordinatorsWriteIt() {
        // Given
        List<OffsetRecord> records = List.of(
                new OffsetRecord.Commit("billing", ORDERS_3, new CommittedOffset(42, 7, "", 5)),
                new OffsetRecord.Commit("billing", new TopicPartition("orders", 4), new CommittedOffset(9, 7, "", 5)));

        // When
        ByteBuffer batch = OffsetRecords.batch(records, 1234, new ProducerIdAndEpoch(4000, (short) 3));

        // Then
        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(batch).batches().forEach(batches::add);
        assertEquals(1, batches.size());
        RecordBatch only = batches.get(0);
        only.ensureValid();
        assertTrue(only.isTransactional());
        assertFalse(only.isControlBatch());
        assertEquals(4000, only.producerId());
        assertEquals(3, only.producerEpoch());
        assertEquals(0, only.baseSequence());
        List<Optional<OffsetRecord>> read = new ArrayList<>();
        for (Record record : only) {
            read.add(OffsetRecords.decode(record.key(), record.value()));
            CoordinatorRecord kafkaRecord = KAFKA.deserialize(record.key(), record.value());
            assertInstanceOf(OffsetCommitValue.class, kafkaRecord.value().message());
        }
        assertEquals(records.stream().map(Optional::of).toList(), read);
    }

    private static ByteBuffer kafkaKey(ApiMessage key) {
        return ByteBuffer.wrap(KAFKA.serializeKey(CoordinatorRecord.tombstone(key)));
    }

    private static ByteBuffer kafkaValue(ApiMessage key, ApiMessage value, short version) {
        CoordinatorRecord record = CoordinatorRecord.record(key, new ApiMessageAndVersion(value, version));
        return ByteBuffer.wrap(KAFKA.serializeValue(record));
    }
}
