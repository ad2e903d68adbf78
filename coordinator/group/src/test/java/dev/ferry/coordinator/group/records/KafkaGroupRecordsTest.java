package dev.ferry.coordinator.group.records;

import static dev.ferry.coordinator.group.records.Examples.ORDERS_0;
import static dev.ferry.coordinator.group.records.Examples.ORDERS_1;
import static dev.ferry.coordinator.group.records.Examples.ORDERS_ID;
import static dev.ferry.coordinator.group.records.Examples.PAYMENTS_2;
import static dev.ferry.coordinator.group.records.Examples.PAYMENTS_ID;
import static dev.ferry.coordinator.group.records.Examples.TOPIC_IDS;
import static org.apache.kafka.coordinator.common.runtime.CoordinatorRecord.record;
import static org.apache.kafka.coordinator.common.runtime.CoordinatorRecord.tombstone;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.group.CommittedOffset;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.coordinator.common.runtime.CoordinatorRecord;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordHelpers;
import org.apache.kafka.coordinator.group.GroupCoordinatorRecordSerde;
import org.apache.kafka.coordinator.group.OffsetAndMetadata;
import org.apache.kafka.coordinator.group.classic.ClassicGroup;
import org.apache.kafka.coordinator.group.classic.ClassicGroupMember;
import org.apache.kafka.coordinator.group.classic.ClassicGroupState;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupCurrentMemberAssignmentKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupCurrentMemberAssignmentValue;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMemberMetadataKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMemberMetadataValue;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupTargetAssignmentMemberKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupTargetAssignmentMemberValue;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupTargetAssignmentMetadataKey;
import org.apache.kafka.coordinator.group.generated.ConsumerGroupTargetAssignmentMetadataValue;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.LegacyOffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.LegacyOffsetCommitValue;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.apache.kafka.coordinator.group.modern.MemberState;
import org.apache.kafka.coordinator.group.modern.consumer.ConsumerGroupMember;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our records against Apache Kafka 4.1's own: its reader ({@link GroupCoordinatorRecordSerde}) and the writers of
 * its group coordinator ({@link GroupCoordinatorRecordHelpers}).
 */
class KafkaGroupRecordsTest {

    private static final GroupCoordinatorRecordSerde KAFKA = new GroupCoordinatorRecordSerde();
    private static final GroupRecordSerde SERDE = new GroupRecordSerde(TOPIC_IDS);

    static Stream<Arguments> oursAndKafkas() {
        OffsetCommitKey offsetKey = new OffsetCommitKey().setGroup("billing").setTopic("orders").setPartition(1);
        GroupMetadataKey groupKey = new GroupMetadataKey().setGroup("billing");
        ConsumerGroupMetadataKey epochKey = new ConsumerGroupMetadataKey().setGroupId("shipping");
        ConsumerGroupMemberMetadataKey memberKey = new ConsumerGroupMemberMetadataKey().setGroupId("shipping")
                .setMemberId("member-a");
        ConsumerGroupTargetAssignmentMetadataKey targetEpochKey = new ConsumerGroupTargetAssignmentMetadataKey()
                .setGroupId("shipping");
        ConsumerGroupTargetAssignmentMemberKey targetMemberKey = new ConsumerGroupTargetAssignmentMemberKey()
                .setGroupId("shipping").setMemberId("member-a");
        ConsumerGroupCurrentMemberAssignmentKey currentKey = new ConsumerGroupCurrentMemberAssignmentKey()
                .setGroupId("shipping").setMemberId("member-a");
        List<GroupRecord> ours = Examples.everyVariant();
        List<CoordinatorRecord> kafkas = List.of(
                record(offsetKey, version(3, new OffsetCommitValue().setOffset(42).setLeaderEpoch(7)
                        .setMetadata("checkpoint").setCommitTimestamp(1_700_000_000_000L))),
                tombstone(offsetKey),
                record(groupKey, version(3, new GroupMetadataValue().setProtocolType("consumer").setGeneration(4)
                        .setProtocol("range").setLeader("member-1").setCurrentStateTimestamp(1_700_000_000_123L)
                        .setMembers(List.of(
                                new GroupMetadataValue.MemberMetadata().setMemberId("member-1")
                                        .setGroupInstanceId("instance-1").setClientId("client-1")
                                        .setClientHost("/10.0.0.1").setRebalanceTimeout(300_000)
                                        .setSessionTimeout(45_000).setSubscription(new byte[] {0, 1, 2})
                                        .setAssignment(new byte[] {3, 4}),
                                new GroupMetadataValue.MemberMetadata().setMemberId("member-2")
                                        .setGroupInstanceId(null).setClientId("client-2")
                                        .setClientHost("/10.0.0.2").setRebalanceTimeout(300_000)
                                        .setSessionTimeout(45_000).setSubscription(new byte[] {5})
                                        .setAssignment(new byte[0]))))),
                tombstone(groupKey),
                record(epochKey, version(0, new ConsumerGroupMetadataValue().setEpoch(7).setMetadataHash(987_654L))),
                tombstone(epochKey),
                record(memberKey, version(0, new ConsumerGroupMemberMetadataValue().setInstanceId("instance-a")
                        .setRackId("rack-1").setClientId("client-a").setClientHost("/10.0.0.3")
                        .setSubscribedTopicNames(List.of("orders", "payments")).setSubscribedTopicRegex(null)
                        .setServerAssignor("uniform").setRebalanceTimeoutMs(300_000))),
                tombstone(memberKey),
                record(targetEpochKey, version(0, new ConsumerGroupTargetAssignmentMetadataValue()
                        .setAssignmentEpoch(7))),
                tombstone(targetEpochKey),
                record(targetMemberKey, version(0, new ConsumerGroupTargetAssignmentMemberValue().setTopicPartitions(
                        List.of(targetPartitions(ORDERS_ID, 0, 1), targetPartitions(PAYMENTS_ID, 2))))),
                tombstone(targetMemberKey),
                record(currentKey, version(0, new ConsumerGroupCurrentMemberAssignmentValue().setMemberEpoch(7)
                        .setPreviousMemberEpoch(6).setState((byte) 1)
                        .setAssignedPartitions(List.of(currentPartitions(ORDERS_ID, 0),
                                currentPartitions(PAYMENTS_ID, 2)))
                        .setPartitionsPendingRevocation(List.of(currentPartitions(ORDERS_ID, 1))))),
                tombstone(currentKey));
        return Stream.iterate(0, i -> i + 1).limit(ours.size()).map(i -> Arguments.of(ours.get(i), kafkas.get(i)));
    }

    @ParameterizedTest
    @MethodSource("oursAndKafkas")
    void kafkaReadsWhatWeWrite(GroupRecord ours, CoordinatorRecord kafkas) {
        // When
        CoordinatorRecord read = KAFKA.deserialize(SERDE.key(ours), SERDE.value(ours));

        // Then
        assertEquals(kafkas, read);
    }

    @ParameterizedTest
    @MethodSource("oursAndKafkas")
    void weReadWhatKafkaWritesAtOurVersions(GroupRecord ours, CoordinatorRecord kafkas) {
        assertEquals(Optional.of(ours), decode(kafkas));
    }

    static Stream<Arguments> whatKafkaWrites() {
        Uuid orders = kafkaId(ORDERS_ID);
        Uuid payments = kafkaId(PAYMENTS_ID);
        ConsumerGroupMember member = new ConsumerGroupMember.Builder("member-a")
                .setMemberEpoch(7)
                .setPreviousMemberEpoch(6)
                .setInstanceId("instance-a")
                .setRackId("rack-1")
                .setClientId("client-a")
                .setClientHost("/10.0.0.3")
                .setSubscribedTopicNames(List.of("payments", "orders"))
                .setRebalanceTimeoutMs(300_000)
                .setServerAssignorName("range")
                .setState(MemberState.UNREVOKED_PARTITIONS)
                .setAssignedPartitions(Map.of(orders, Set.of(0), payments, Set.of(2)))
                .setPartitionsPendingRevocation(Map.of(orders, Set.of(1)))
                .build();
        return Stream.of(
                Arguments.of(GroupCoordinatorRecordHelpers.newOffsetCommitRecord("billing", "orders", 1,
                                new OffsetAndMetadata(42, OptionalInt.of(7), "checkpoint", 1_700_000_000_000L,
                                        OptionalLong.empty(), orders)),
                        Examples.OFFSET_COMMIT),
                Arguments.of(GroupCoordinatorRecordHelpers.newOffsetCommitRecord("billing", "orders", 1,
                                new OffsetAndMetadata(42, OptionalInt.of(7), "checkpoint", 1_700_000_000_000L,
                                        OptionalLong.of(1_800_000_000_000L), Uuid.ZERO_UUID)),
                        new GroupRecord.OffsetCommit("billing", ORDERS_1,
                                new CommittedOffset(42, -1, "checkpoint", 1_700_000_000_000L))),
                Arguments.of(GroupCoordinatorRecordHelpers.newOffsetCommitTombstoneRecord("billing", "orders", 1),
                        new GroupRecord.OffsetTombstone("billing", ORDERS_1)),
                Arguments.of(GroupCoordinatorRecordHelpers.newGroupMetadataRecord(classicGroup(),
                                Map.of("member-1", new byte[] {3, 4}, "member-2", new byte[0])),
                        Examples.CLASSIC_GROUP),
                Arguments.of(GroupCoordinatorRecordHelpers.newEmptyGroupMetadataRecord(new ClassicGroup(
                                new LogContext(), "idle", ClassicGroupState.EMPTY, Time.SYSTEM, 0, Optional.empty(),
                                Optional.empty(), Optional.empty(), Optional.of(5L))),
                        new GroupRecord.ClassicGroup("idle", "", 0, Optional.empty(), Optional.empty(), 5L,
                                List.of())),
                Arguments.of(GroupCoordinatorRecordHelpers.newGroupMetadataTombstoneRecord("billing"),
                        new GroupRecord.GroupTombstone("billing")),
                Arguments.of(GroupCoordinatorRecordHelpers.newConsumerGroupEpochRecord("shipping", 7, 987_654L),
                        Examples.EPOCH),
                Arguments.of(GroupCoordinatorRecordHelpers.newConsumerGroupEpochTombstoneRecord("shipping"),
                        new GroupRecord.ConsumerGroupEpochTombstone("shipping")),
                // Kafka sorts the topic names, and keeps no regular expression as an empty one
                Arguments.of(GroupCoordinatorRecordHelpers.newConsumerGroupMemberSubscriptionRecord("shipping",
                                member),
                        new GroupRecord.ConsumerGroupMember("shipping", "member-a", Optional.of("instance-a"),
                                Optional.of("rack-1"), "client-a", "/10.0.0.3", List.of("orders", "payments"),
                                Optional.of(""), Optional.of("range"), 300_000)),
                Arguments.of(GroupCoordinatorRecordHelpers.newConsumerGroupMemberSubscriptionTombstoneRecord(
                                "shipping", "member-a"),
                        new GroupRecord.ConsumerGroupMemberTombstone("shipping", "member-a")),
                Arguments.of(GroupCoordinatorRecordHelpers.newConsumerGroupTargetAssignmentEpochRecord("shipping", 7),
                        Examples.TARGET_EPOCH),
                Arguments.of(GroupCoordinatorRecordHelpers.newConsumerGroupTargetAssignmentEpochTombstoneRecord(
                                "shipping"),
                        new GroupRecord.ConsumerGroupTargetEpochTombstone("shipping")),
                Arguments.of(GroupCoordinatorRecordHelpers.newConsumerGroupTargetAssignmentRecord("shipping",
                                "member-a", Map.of(orders, Set.of(1, 0), payments, Set.of(2))),
                        Examples.TARGET_MEMBER),
                Arguments.of(GroupCoordinatorRecordHelpers.newConsumerGroupTargetAssignmentTombstoneRecord(
                                "shipping", "member-a"),
                        new GroupRecord.ConsumerGroupTargetMemberTombstone("shipping", "member-a")),
                Arguments.of(GroupCoordinatorRecordHelpers.newConsumerGroupCurrentAssignmentRecord("shipping", member),
                        Examples.CURRENT_ASSIGNMENT),
                Arguments.of(GroupCoordinatorRecordHelpers.newConsumerGroupCurrentAssignmentTombstoneRecord(
                                "shipping", "member-a"),
                        new GroupRecord.ConsumerGroupCurrentAssignmentTombstone("shipping", "member-a")));
    }

    @ParameterizedTest
    @MethodSource("whatKafkaWrites")
    void weReadWhatKafkasGroupCoordinatorWrites(CoordinatorRecord kafkas, GroupRecord ours) {
        assertEquals(Optional.of(ours), decode(kafkas));
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void weReadEveryOffsetCommitValueVersion(short version) {
        // Given
        OffsetCommitValue value = new OffsetCommitValue().setOffset(42).setMetadata("m").setCommitTimestamp(9);
        if (version >= 3) {
            value.setLeaderEpoch(7);
        }
        if (version == 1) {
            value.setExpireTimestamp(99);
        }
        OffsetCommitKey key = new OffsetCommitKey().setGroup("billing").setTopic("orders").setPartition(0);

        // When
        Optional<GroupRecord> read = decode(record(key, new ApiMessageAndVersion(value, version)));

        // Then
        assertEquals(Optional.of(new GroupRecord.OffsetCommit("billing", ORDERS_0,
                new CommittedOffset(42, version >= 3 ? 7 : -1, "m", 9))), read);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void weReadTheLegacyOffsetCommitRecord(boolean isTombstone) {
        LegacyOffsetCommitKey key = new LegacyOffsetCommitKey().setGroup("billing").setTopic("orders").setPartition(0);
        CoordinatorRecord legacy = isTombstone
                ? tombstone(key)
                : record(key, version(0, new LegacyOffsetCommitValue().setOffset(42).setMetadata("m")
                        .setCommitTimestamp(9)));

        Optional<GroupRecord> read = decode(legacy);

        assertEquals(Optional.of(isTombstone
                ? new GroupRecord.OffsetTombstone("billing", ORDERS_0)
                : new GroupRecord.OffsetCommit("billing", ORDERS_0, new CommittedOffset(42, -1, "m", 9))), read);
    }

    private static ClassicGroup classicGroup() {
        ClassicGroup group = new ClassicGroup(new LogContext(), "billing", ClassicGroupState.STABLE, Time.SYSTEM, 4,
                Optional.of("consumer"), Optional.of("range"), Optional.of("member-1"),
                Optional.of(1_700_000_000_123L));
        group.add(new ClassicGroupMember("member-1", Optional.of("instance-1"), "client-1", "/10.0.0.1", 300_000,
                45_000, "consumer", protocols(new byte[] {0, 1, 2})));
        group.add(new ClassicGroupMember("member-2", Optional.empty(), "client-2", "/10.0.0.2", 300_000, 45_000,
                "consumer", protocols(new byte[] {5})));
        return group;
    }

    private static JoinGroupRequestProtocolCollection protocols(byte[] rangeMetadata) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(rangeMetadata));
        return protocols;
    }

    private static Optional<GroupRecord> decode(CoordinatorRecord kafkas) {
        byte[] value = KAFKA.serializeValue(kafkas);
        return SERDE.decode(ByteBuffer.wrap(KAFKA.serializeKey(kafkas)), value == null ? null : ByteBuffer.wrap(value));
    }

    private static ApiMessageAndVersion version(int version, ApiMessage value) {
        return new ApiMessageAndVersion(value, (short) version);
    }

    private static ConsumerGroupTargetAssignmentMemberValue.TopicPartition targetPartitions(UUID topicId,
                                                                                           Integer... partitions) {
        return new ConsumerGroupTargetAssignmentMemberValue.TopicPartition().setTopicId(kafkaId(topicId))
                .setPartitions(List.of(partitions));
    }

    private static ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions currentPartitions(UUID topicId,
                                                                                              Integer... partitions) {
        return new ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions().setTopicId(kafkaId(topicId))
                .setPartitions(List.of(partitions));
    }

    private static Uuid kafkaId(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
