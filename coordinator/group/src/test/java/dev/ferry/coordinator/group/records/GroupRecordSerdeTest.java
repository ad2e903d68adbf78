package dev.ferry.coordinator.group.records;

import static dev.ferry.coordinator.group.records.Examples.CURRENT_ASSIGNMENT;
import static dev.ferry.coordinator.group.records.Examples.ORDERS_0;
import static dev.ferry.coordinator.group.records.Examples.ORDERS_1;
import static dev.ferry.coordinator.group.records.Examples.ORDERS_ID;
import static dev.ferry.coordinator.group.records.Examples.PAYMENTS_2;
import static dev.ferry.coordinator.group.records.Examples.TARGET_MEMBER;
import static dev.ferry.coordinator.group.records.Examples.TOPIC_IDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.group.CommittedOffset;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupPartitionMetadataKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupPartitionMetadataValue;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupRegularExpressionKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupRegularExpressionValue;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.ShareGroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.ShareGroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.StreamsGroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.StreamsGroupMetadataValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GroupRecordSerdeTest {

    private static final GroupRecordSerde SERDE = new GroupRecordSerde(TOPIC_IDS);

    static List<GroupRecord> everyVariant() {
        return Examples.everyVariant();
    }

    @Test
    void theExamplesHoldEveryVariant() {
        Set<Class<?>> variants = new HashSet<>();
        Stream.of(GroupRecord.class.getPermittedSubclasses())
                .flatMap(type -> type.isInterface() ? Stream.of(type.getPermittedSubclasses()) : Stream.of(type))
                .forEach(variants::add);

        assertEquals(variants, everyVariant().stream().map(Object::getClass).collect(Collectors.toSet()));
    }

    @ParameterizedTest
    @MethodSource("everyVariant")
    void everyVariantReadsBackAsWritten(GroupRecord record) {
        // When
        Optional<GroupRecord> read = SERDE.decode(SERDE.key(record), SERDE.value(record));

        // Then
        assertEquals(Optional.of(record), read);
    }

    @ParameterizedTest
    @MethodSource("everyVariant")
    void onlyATombstoneHasNoValue(GroupRecord record) {
        assertEquals(record instanceof GroupRecord.Tombstone, SERDE.value(record) == null);
    }

    @Test
    void readingLeavesTheBuffersAsTheyWere() {
        ByteBuffer key = SERDE.key(Examples.OFFSET_COMMIT);
        ByteBuffer value = SERDE.value(Examples.OFFSET_COMMIT);

        SERDE.decode(key, value);

        assertEquals(0, key.position());
        assertEquals(0, value.position());
        assertEquals(Optional.of(Examples.OFFSET_COMMIT), SERDE.decode(key, value));
    }

    @Test
    void partitionsOfATopicIdNoLongerKnownAreDroppedOnRead() {
        // Given payments was deleted after the records were written
        GroupRecordSerde afterDeletion = new GroupRecordSerde(Examples.topicIds(Map.of("orders", ORDERS_ID)));

        // When
        Optional<GroupRecord> target = afterDeletion.decode(SERDE.key(TARGET_MEMBER), SERDE.value(TARGET_MEMBER));
        Optional<GroupRecord> current = afterDeletion.decode(SERDE.key(CURRENT_ASSIGNMENT),
                SERDE.value(CURRENT_ASSIGNMENT));

        // Then
        assertEquals(Optional.of(new GroupRecord.ConsumerGroupTargetMember("shipping", "member-a",
                Set.of(ORDERS_0, ORDERS_1))), target);
        assertEquals(Optional.of(new GroupRecord.ConsumerGroupCurrentAssignment("shipping", "member-a", 7, 6,
                (byte) 1, Set.of(ORDERS_0), Set.of(ORDERS_1))), current);
    }

    @Test
    void partitionsOfATopicWithNoIdAreLeftOutOnWrite() {
        // Given payments was deleted before the record was written
        GroupRecordSerde afterDeletion = new GroupRecordSerde(Examples.topicIds(Map.of("orders", ORDERS_ID)));

        // When
        ByteBuffer value = afterDeletion.value(TARGET_MEMBER);

        // Then
        assertEquals(Optional.of(new GroupRecord.ConsumerGroupTargetMember("shipping", "member-a",
                Set.of(ORDERS_0, ORDERS_1))), SERDE.decode(SERDE.key(TARGET_MEMBER), value));
    }

    @Test
    void anAssignmentGivesTheSameBytesWhateverTheOrderOfItsSet() {
        GroupRecord.ConsumerGroupTargetMember reordered = new GroupRecord.ConsumerGroupTargetMember("shipping",
                "member-a", new LinkedHashSet<>(List.of(ORDERS_1, PAYMENTS_2, ORDERS_0)));

        assertEquals(SERDE.value(TARGET_MEMBER), SERDE.value(reordered));
    }

    static Stream<Arguments> recordsFerryDoesNotKeep() {
        return Stream.of(
                Arguments.of(new ShareGroupMetadataKey().setGroupId("g"), new ShareGroupMetadataValue().setEpoch(1)),
                Arguments.of(new StreamsGroupMetadataKey().setGroupId("g"),
                        new StreamsGroupMetadataValue().setEpoch(1)),
                Arguments.of(new ConsumerGroupPartitionMetadataKey().setGroupId("g"),
                        new ConsumerGroupPartitionMetadataValue()),
                Arguments.of(new ConsumerGroupRegularExpressionKey().setGroupId("g").setRegularExpression("o.*"),
                        new ConsumerGroupRegularExpressionValue().setTopics(List.of("orders"))));
    }

    @ParameterizedTest
    @MethodSource("recordsFerryDoesNotKeep")
    void recordsFerryDoesNotKeepAreSkipped(ApiMessage key, ApiMessage value) {
        ByteBuffer keyBytes = MessageUtil.toCoordinatorTypePrefixedByteBuffer(key);

        assertEquals(Optional.empty(), SERDE.decode(keyBytes, MessageUtil.toVersionPrefixedByteBuffer((short) 0,
                value)));
        assertEquals(Optional.empty(), SERDE.decode(keyBytes, null));
    }

    @Test
    void aRecordTypeNewerThanKafka41IsSkipped() {
        ByteBuffer key = ByteBuffer.allocate(4).putShort((short) 99).putShort((short) 0).flip();

        assertEquals(Optional.empty(), SERDE.decode(key, ByteBuffer.allocate(2)));
    }

    @Test
    void unreadableRecordsAreRefused() {
        ByteBuffer key = SERDE.key(Examples.OFFSET_COMMIT);
        ByteBuffer value = SERDE.value(Examples.OFFSET_COMMIT);
        ByteBuffer futureValue = ByteBuffer.allocate(10).putShort((short) 5).putLong(1).flip();
        ByteBuffer truncatedKey = key.duplicate().limit(key.limit() - 2);
        ByteBuffer truncatedValue = value.duplicate().limit(value.limit() - 1);
        ByteBuffer negativePartition = MessageUtil.toCoordinatorTypePrefixedByteBuffer(
                new OffsetCommitKey().setGroup("billing")
                        .setTopic("orders").setPartition(-1));

        assertThrows(IllegalArgumentException.class, () -> SERDE.decode(null, null));
        assertThrows(IllegalArgumentException.class, () -> SERDE.decode(ByteBuffer.allocate(1), null));
        assertThrows(IllegalArgumentException.class, () -> SERDE.decode(truncatedKey, null));
        assertThrows(IllegalArgumentException.class, () -> SERDE.decode(key, futureValue));
        assertThrows(IllegalArgumentException.class, () -> SERDE.decode(key, truncatedValue));
        assertThrows(IllegalArgumentException.class, () -> SERDE.decode(key, ByteBuffer.allocate(1)));
        assertThrows(IllegalArgumentException.class, () -> SERDE.decode(negativePartition, null));
        assertThrows(IllegalArgumentException.class,
                () -> SERDE.decode(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0}), null));
    }

    @Test
    void aNullMetadataIsStoredEmptyAsKafkaDoes() {
        GroupRecord commit = new GroupRecord.OffsetCommit("billing", ORDERS_1, new CommittedOffset(1, -1, null, 5));

        Optional<GroupRecord> read = SERDE.decode(SERDE.key(commit), SERDE.value(commit));

        assertEquals(Optional.of(new GroupRecord.OffsetCommit("billing", ORDERS_1, new CommittedOffset(1, -1, "", 5))),
                read);
    }

    @Test
    void aWriteIsOneUncompressedBatchAtBaseOffsetZero() {
        // Given
        List<GroupRecord> records = Examples.everyVariant();

        // When
        ByteBuffer batch = SERDE.batch(records, 1234, ProducerIdAndEpoch.NONE);

        // Then
        RecordBatch only = onlyBatch(batch);
        assertEquals(RecordBatch.MAGIC_VALUE_V2, only.magic());
        assertEquals(CompressionType.NONE, only.compressionType());
        assertEquals(0, only.baseOffset());
        assertFalse(only.isTransactional());
        assertEquals(records, read(only, 1234));
    }

    @Test
    void aTransactionalWriteIsOneBatchOfTheProducerAtSequenceZeroAsKafkaCoordinatorsWriteIt() {
        // Given
        List<GroupRecord> records = List.of(Examples.OFFSET_COMMIT,
                new GroupRecord.OffsetCommit("billing", PAYMENTS_2, new CommittedOffset(9, 7, "", 5)));

        // When
        ByteBuffer batch = SERDE.batch(records, 1234, new ProducerIdAndEpoch(4000, (short) 3));

        // Then
        RecordBatch only = onlyBatch(batch);
        assertTrue(only.isTransactional());
        assertFalse(only.isControlBatch());
        assertEquals(4000, only.producerId());
        assertEquals(3, only.producerEpoch());
        assertEquals(0, only.baseSequence());
        assertEquals(records, read(only, 1234));
    }

    private static RecordBatch onlyBatch(ByteBuffer buffer) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(buffer).batches().forEach(batches::add);
        assertEquals(1, batches.size());
        batches.get(0).ensureValid();
        return batches.get(0);
    }

    private static List<GroupRecord> read(RecordBatch batch, long timestamp) {
        List<GroupRecord> read = new ArrayList<>();
        for (Record record : batch) {
            assertEquals(timestamp, record.timestamp());
            read.add(SERDE.decode(record.key(), record.value()).orElseThrow());
        }
        return read;
    }
}
