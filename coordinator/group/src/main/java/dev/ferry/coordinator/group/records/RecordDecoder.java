package dev.ferry.coordinator.group.records;

import dev.ferry.coordinator.group.records.GroupRecord.ClassicGroup;
import dev.ferry.services.group.CommittedOffset;
import dev.ferry.spi.TopicPartition;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
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
import org.apache.kafka.coordinator.group.generated.CoordinatorRecordType;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.LegacyOffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.LegacyOffsetCommitValue;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;

/**
 * Reads Kafka's records into {@link GroupRecord}s, each value version as Kafka 4.1 reads it. What Ferry has no
 * field for is dropped: an offset's expire timestamp (OffsetCommitValue version 1) and topic id (version 4), and
 * the protocols of a classic-protocol member of a consumer group (ConsumerGroupMemberMetadataValue's
 * ClassicMemberMetadata).
 */
final class RecordDecoder {

    private final TopicIds topicIds;

    RecordDecoder(TopicIds topicIds) {
        this.topicIds = topicIds;
    }

    Optional<GroupRecord> decode(ByteBuffer key, ByteBuffer value) {
        if (key == null) {
            throw new IllegalArgumentException("The record has no key");
        }
        ByteBuffer keyBytes = key.duplicate();
        ByteBuffer valueBytes = value == null ? null : value.duplicate();
        short typeId = readShort(keyBytes);
        if (typeId < 0) {
            throw new IllegalArgumentException("Unknown record type " + typeId);
        }
        CoordinatorRecordType type;
        try {
            type = CoordinatorRecordType.fromId(typeId);
        } catch (UnsupportedVersionException e) {
            // a newer Kafka's, which Kafka 4.1 skips too
            return Optional.empty();
        }
        return switch (type) {
            case LEGACY_OFFSET_COMMIT -> Optional.of(legacyOffsetCommit(read(new LegacyOffsetCommitKey(), keyBytes),
                    readValue(new LegacyOffsetCommitValue(), valueBytes)));
            case OFFSET_COMMIT -> Optional.of(offsetCommit(read(new OffsetCommitKey(), keyBytes),
                    readValue(new OffsetCommitValue(), valueBytes)));
            case GROUP_METADATA -> Optional.of(classicGroup(read(new GroupMetadataKey(), keyBytes),
                    readValue(new GroupMetadataValue(), valueBytes)));
            case CONSUMER_GROUP_METADATA -> Optional.of(consumerGroupEpoch(read(new ConsumerGroupMetadataKey(),
                    keyBytes), readValue(new ConsumerGroupMetadataValue(), valueBytes)));
            case CONSUMER_GROUP_MEMBER_METADATA -> Optional.of(consumerGroupMember(
                    read(new ConsumerGroupMemberMetadataKey(), keyBytes),
                    readValue(new ConsumerGroupMemberMetadataValue(), valueBytes)));
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_METADATA -> Optional.of(consumerGroupTargetEpoch(
                    read(new ConsumerGroupTargetAssignmentMetadataKey(), keyBytes),
                    readValue(new ConsumerGroupTargetAssignmentMetadataValue(), valueBytes)));
            case CONSUMER_GROUP_TARGET_ASSIGNMENT_MEMBER -> Optional.of(consumerGroupTargetMember(
                    read(new ConsumerGroupTargetAssignmentMemberKey(), keyBytes),
                    readValue(new ConsumerGroupTargetAssignmentMemberValue(), valueBytes)));
            case CONSUMER_GROUP_CURRENT_MEMBER_ASSIGNMENT -> Optional.of(consumerGroupCurrentAssignment(
                    read(new ConsumerGroupCurrentMemberAssignmentKey(), keyBytes),
                    readValue(new ConsumerGroupCurrentMemberAssignmentValue(), valueBytes)));
            // share and streams groups, and what Ferry works out again rather than keeps: the subscribed topics'
            // metadata (ConsumerGroupPartitionMetadata) and the topics a regular expression matched
            default -> Optional.empty();
        };
    }

    private static GroupRecord legacyOffsetCommit(LegacyOffsetCommitKey key, LegacyOffsetCommitValue value) {
        TopicPartition partition = new TopicPartition(key.topic(), key.partition());
        return value == null
                ? new GroupRecord.OffsetTombstone(key.group(), partition)
                : new GroupRecord.OffsetCommit(key.group(), partition,
                        new CommittedOffset(value.offset(), -1, value.metadata(), value.commitTimestamp()));
    }

    private static GroupRecord offsetCommit(OffsetCommitKey key, OffsetCommitValue value) {
        TopicPartition partition = new TopicPartition(key.topic(), key.partition());
        return value == null
                ? new GroupRecord.OffsetTombstone(key.group(), partition)
                : new GroupRecord.OffsetCommit(key.group(), partition, new CommittedOffset(value.offset(),
                        value.leaderEpoch(), value.metadata(), value.commitTimestamp()));
    }

    private static GroupRecord classicGroup(GroupMetadataKey key, GroupMetadataValue value) {
        if (value == null) {
            return new GroupRecord.GroupTombstone(key.group());
        }
        return new ClassicGroup(key.group(), value.protocolType(), value.generation(),
                Optional.ofNullable(value.protocol()), Optional.ofNullable(value.leader()),
                value.currentStateTimestamp(), value.members().stream()
                        .map(member -> new ClassicGroup.Member(member.memberId(),
                                Optional.ofNullable(member.groupInstanceId()), member.clientId(), member.clientHost(),
                                member.rebalanceTimeout(), member.sessionTimeout(), member.subscription(),
                                member.assignment()))
                        .toList());
    }

    private static GroupRecord consumerGroupEpoch(ConsumerGroupMetadataKey key, ConsumerGroupMetadataValue value) {
        return value == null
                ? new GroupRecord.ConsumerGroupEpochTombstone(key.groupId())
                : new GroupRecord.ConsumerGroupEpoch(key.groupId(), value.epoch(), value.metadataHash());
    }

    private static GroupRecord consumerGroupMember(ConsumerGroupMemberMetadataKey key,
                                                   ConsumerGroupMemberMetadataValue value) {
        if (value == null) {
            return new GroupRecord.ConsumerGroupMemberTombstone(key.groupId(), key.memberId());
        }
        return new GroupRecord.ConsumerGroupMember(key.groupId(), key.memberId(),
                Optional.ofNullable(value.instanceId()), Optional.ofNullable(value.rackId()), value.clientId(),
                value.clientHost(), value.subscribedTopicNames(), Optional.ofNullable(value.subscribedTopicRegex()),
                Optional.ofNullable(value.serverAssignor()), value.rebalanceTimeoutMs());
    }

    private static GroupRecord consumerGroupTargetEpoch(ConsumerGroupTargetAssignmentMetadataKey key,
                                                        ConsumerGroupTargetAssignmentMetadataValue value) {
        return value == null
                ? new GroupRecord.ConsumerGroupTargetEpochTombstone(key.groupId())
                : new GroupRecord.ConsumerGroupTargetEpoch(key.groupId(), value.assignmentEpoch());
    }

    private GroupRecord consumerGroupTargetMember(ConsumerGroupTargetAssignmentMemberKey key,
                                                  ConsumerGroupTargetAssignmentMemberValue value) {
        if (value == null) {
            return new GroupRecord.ConsumerGroupTargetMemberTombstone(key.groupId(), key.memberId());
        }
        return new GroupRecord.ConsumerGroupTargetMember(key.groupId(), key.memberId(),
                TopicIdPartitions.byName(value.topicPartitions(), topicIds,
                        ConsumerGroupTargetAssignmentMemberValue.TopicPartition::topicId,
                        ConsumerGroupTargetAssignmentMemberValue.TopicPartition::partitions));
    }

    private GroupRecord consumerGroupCurrentAssignment(ConsumerGroupCurrentMemberAssignmentKey key,
                                                       ConsumerGroupCurrentMemberAssignmentValue value) {
        if (value == null) {
            return new GroupRecord.ConsumerGroupCurrentAssignmentTombstone(key.groupId(), key.memberId());
        }
        return new GroupRecord.ConsumerGroupCurrentAssignment(key.groupId(), key.memberId(), value.memberEpoch(),
                value.previousMemberEpoch(), value.state(),
                TopicIdPartitions.byName(value.assignedPartitions(), topicIds,
                        ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions::topicId,
                        ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions::partitions),
                TopicIdPartitions.byName(value.partitionsPendingRevocation(), topicIds,
                        ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions::topicId,
                        ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions::partitions));
    }

    /** The value at its version, or null for a tombstone. */
    private static <T extends ApiMessage> T readValue(T message, ByteBuffer bytes) {
        if (bytes == null) {
            return null;
        }
        short version = readShort(bytes);
        if (version < message.lowestSupportedVersion() || version > message.highestSupportedVersion()) {
            throw new IllegalArgumentException("Unknown version " + version + " of "
                    + message.getClass().getSimpleName());
        }
        return read(message, bytes, version);
    }

    /** A key: every key type has a single version, 0. */
    private static <T extends ApiMessage> T read(T message, ByteBuffer bytes) {
        return read(message, bytes, (short) 0);
    }

    private static <T extends ApiMessage> T read(T message, ByteBuffer bytes, short version) {
        try {
            message.read(new ByteBufferAccessor(bytes), version);
            return message;
        } catch (RuntimeException e) {
            // the generated readers throw several kinds for bytes that do not parse
            throw new IllegalArgumentException("Malformed " + message.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static short readShort(ByteBuffer bytes) {
        if (bytes.remaining() < 2) {
            throw new IllegalArgumentException("A record's key and value start with an int16; "
                    + bytes.remaining() + " bytes left");
        }
        return bytes.getShort();
    }
}
