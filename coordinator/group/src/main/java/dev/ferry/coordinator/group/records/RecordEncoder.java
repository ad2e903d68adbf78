package dev.ferry.coordinator.group.records;

import dev.ferry.coordinator.group.records.GroupRecord.ClassicGroup;
import dev.ferry.coordinator.group.records.GroupRecord.ConsumerGroupCurrentAssignment;
import dev.ferry.coordinator.group.records.GroupRecord.ConsumerGroupCurrentAssignmentTombstone;
import dev.ferry.coordinator.group.records.GroupRecord.ConsumerGroupEpoch;
import dev.ferry.coordinator.group.records.GroupRecord.ConsumerGroupEpochTombstone;
import dev.ferry.coordinator.group.records.GroupRecord.ConsumerGroupMember;
import dev.ferry.coordinator.group.records.GroupRecord.ConsumerGroupMemberTombstone;
import dev.ferry.coordinator.group.records.GroupRecord.ConsumerGroupTargetEpoch;
import dev.ferry.coordinator.group.records.GroupRecord.ConsumerGroupTargetEpochTombstone;
import dev.ferry.coordinator.group.records.GroupRecord.ConsumerGroupTargetMember;
import dev.ferry.coordinator.group.records.GroupRecord.ConsumerGroupTargetMemberTombstone;
import dev.ferry.coordinator.group.records.GroupRecord.GroupTombstone;
import dev.ferry.coordinator.group.records.GroupRecord.OffsetCommit;
import dev.ferry.coordinator.group.records.GroupRecord.OffsetTombstone;
import dev.ferry.services.group.CommittedOffset;
import dev.ferry.spi.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
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
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;

/**
 * Writes {@link GroupRecord}s as Kafka's: a key is its record type (an int16) then the key at version 0, a value its
 * version (an int16) then the value.
 */
final class RecordEncoder {

    /**
     * The version Ferry has always written, as Kafka up to 4.0 did. Kafka 4.1 writes version 4, which only adds an
     * optional topic id in a tagged field, and reads both.
     */
    private static final short OFFSET_COMMIT_VALUE_VERSION = 3;
    private static final short GROUP_METADATA_VALUE_VERSION = 3;
    /** Each value of a consumer-group record has a single version. */
    private static final short CONSUMER_GROUP_VALUE_VERSION = 0;

    private final TopicIds topicIds;

    RecordEncoder(TopicIds topicIds) {
        this.topicIds = topicIds;
    }

    ByteBuffer key(GroupRecord record) {
        return MessageUtil.toCoordinatorTypePrefixedByteBuffer(keyMessage(record));
    }

    private static ApiMessage keyMessage(GroupRecord record) {
        String groupId = record.groupId();
        if (record instanceof OffsetCommit commit) {
            return offsetCommitKey(groupId, commit.partition());
        }
        if (record instanceof OffsetTombstone tombstone) {
            return offsetCommitKey(groupId, tombstone.partition());
        }
        if (record instanceof ClassicGroup || record instanceof GroupTombstone) {
            return new GroupMetadataKey().setGroup(groupId);
        }
        if (record instanceof ConsumerGroupEpoch || record instanceof ConsumerGroupEpochTombstone) {
            return new ConsumerGroupMetadataKey().setGroupId(groupId);
        }
        if (record instanceof ConsumerGroupMember member) {
            return new ConsumerGroupMemberMetadataKey().setGroupId(groupId).setMemberId(member.memberId());
        }
        if (record instanceof ConsumerGroupMemberTombstone tombstone) {
            return new ConsumerGroupMemberMetadataKey().setGroupId(groupId).setMemberId(tombstone.memberId());
        }
        if (record instanceof ConsumerGroupTargetEpoch || record instanceof ConsumerGroupTargetEpochTombstone) {
            return new ConsumerGroupTargetAssignmentMetadataKey().setGroupId(groupId);
        }
        if (record instanceof ConsumerGroupTargetMember member) {
            return new ConsumerGroupTargetAssignmentMemberKey().setGroupId(groupId).setMemberId(member.memberId());
        }
        if (record instanceof ConsumerGroupTargetMemberTombstone tombstone) {
            return new ConsumerGroupTargetAssignmentMemberKey().setGroupId(groupId).setMemberId(tombstone.memberId());
        }
        if (record instanceof ConsumerGroupCurrentAssignment assignment) {
            return new ConsumerGroupCurrentMemberAssignmentKey().setGroupId(groupId)
                    .setMemberId(assignment.memberId());
        }
        if (record instanceof ConsumerGroupCurrentAssignmentTombstone tombstone) {
            return new ConsumerGroupCurrentMemberAssignmentKey().setGroupId(groupId).setMemberId(tombstone.memberId());
        }
        throw new IllegalArgumentException("Unknown group record " + record);
    }

    private static OffsetCommitKey offsetCommitKey(String groupId, TopicPartition partition) {
        return new OffsetCommitKey().setGroup(groupId).setTopic(partition.topic()).setPartition(partition.partition());
    }

    /** The value, or null for a tombstone. */
    ByteBuffer value(GroupRecord record) {
        if (record instanceof GroupRecord.Tombstone) {
            return null;
        }
        if (record instanceof OffsetCommit commit) {
            return MessageUtil.toVersionPrefixedByteBuffer(OFFSET_COMMIT_VALUE_VERSION, offsetCommitValue(commit));
        }
        if (record instanceof ClassicGroup group) {
            return MessageUtil.toVersionPrefixedByteBuffer(GROUP_METADATA_VALUE_VERSION, groupMetadataValue(group));
        }
        return MessageUtil.toVersionPrefixedByteBuffer(CONSUMER_GROUP_VALUE_VERSION, consumerGroupValue(record));
    }

    /** Kafka keeps no null metadata: a client's null is stored empty. */
    private static OffsetCommitValue offsetCommitValue(OffsetCommit commit) {
        CommittedOffset offset = commit.offset();
        return new OffsetCommitValue()
                .setOffset(offset.offset())
                .setLeaderEpoch(offset.leaderEpoch())
                .setMetadata(offset.metadata() == null ? "" : offset.metadata())
                .setCommitTimestamp(offset.commitTimestamp());
    }

    private static GroupMetadataValue groupMetadataValue(ClassicGroup group) {
        List<GroupMetadataValue.MemberMetadata> members = new ArrayList<>(group.members().size());
        group.members().forEach(member -> members.add(new GroupMetadataValue.MemberMetadata()
                .setMemberId(member.memberId())
                .setGroupInstanceId(member.groupInstanceId().orElse(null))
                .setClientId(member.clientId())
                .setClientHost(member.clientHost())
                .setRebalanceTimeout(member.rebalanceTimeoutMs())
                .setSessionTimeout(member.sessionTimeoutMs())
                .setSubscription(member.subscription())
                .setAssignment(member.assignment())));
        return new GroupMetadataValue()
                .setProtocolType(group.protocolType())
                .setGeneration(group.generationId())
                .setProtocol(group.protocolName().orElse(null))
                .setLeader(group.leaderId().orElse(null))
                .setCurrentStateTimestamp(group.currentStateTimestampMs())
                .setMembers(members);
    }

    private ApiMessage consumerGroupValue(GroupRecord record) {
        if (record instanceof ConsumerGroupEpoch epoch) {
            return new ConsumerGroupMetadataValue().setEpoch(epoch.epoch()).setMetadataHash(epoch.metadataHash());
        }
        if (record instanceof ConsumerGroupMember member) {
            return new ConsumerGroupMemberMetadataValue()
                    .setInstanceId(member.instanceId().orElse(null))
                    .setRackId(member.rackId().orElse(null))
                    .setClientId(member.clientId())
                    .setClientHost(member.clientHost())
                    .setSubscribedTopicNames(member.subscribedTopicNames())
                    .setSubscribedTopicRegex(member.subscribedTopicRegex().orElse(null))
                    .setServerAssignor(member.serverAssignor().orElse(null))
                    .setRebalanceTimeoutMs(member.rebalanceTimeoutMs());
        }
        if (record instanceof ConsumerGroupTargetEpoch epoch) {
            return new ConsumerGroupTargetAssignmentMetadataValue().setAssignmentEpoch(epoch.epoch());
        }
        if (record instanceof ConsumerGroupTargetMember member) {
            return new ConsumerGroupTargetAssignmentMemberValue().setTopicPartitions(TopicIdPartitions.byId(
                    member.partitions(), topicIds, (id, partitions) ->
                            new ConsumerGroupTargetAssignmentMemberValue.TopicPartition()
                                    .setTopicId(id).setPartitions(partitions)));
        }
        if (record instanceof ConsumerGroupCurrentAssignment assignment) {
            return new ConsumerGroupCurrentMemberAssignmentValue()
                    .setMemberEpoch(assignment.memberEpoch())
                    .setPreviousMemberEpoch(assignment.previousMemberEpoch())
                    .setState(assignment.state())
                    .setAssignedPartitions(currentPartitions(assignment.assigned()))
                    .setPartitionsPendingRevocation(currentPartitions(assignment.pendingRevocation()));
        }
        throw new IllegalArgumentException("Unknown group record " + record);
    }

    private List<ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions> currentPartitions(
            Set<TopicPartition> partitions) {
        return TopicIdPartitions.byId(partitions, topicIds, (id, numbers) ->
                new ConsumerGroupCurrentMemberAssignmentValue.TopicPartitions().setTopicId(id).setPartitions(numbers));
    }
}
