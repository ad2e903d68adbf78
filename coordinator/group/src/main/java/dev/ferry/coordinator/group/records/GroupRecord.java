package dev.ferry.coordinator.group.records;

import dev.ferry.services.group.CommittedOffset;
import dev.ferry.spi.TopicPartition;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A record of {@code __consumer_offsets}: a change to a group's committed offsets, to a classic group or to a
 * consumer group (KIP-848), as Apache Kafka's group coordinator writes it. Each variant names the key and value of
 * Kafka's record it stands for (the classes of {@code org.apache.kafka.coordinator.group.generated}); a
 * {@link Tombstone} is such a key with no value, and deletes what the key names. {@link GroupRecordSerde} writes
 * and reads them.
 */
public sealed interface GroupRecord {

    String groupId();

    /** A key with no value: deletes what the key names, and goes from the log once compaction has seen it. */
    sealed interface Tombstone extends GroupRecord {
    }

    /** OffsetCommitKey and OffsetCommitValue: a group committed an offset for a partition. */
    record OffsetCommit(String groupId, TopicPartition partition, CommittedOffset offset) implements GroupRecord {
    }

    /** OffsetCommitKey alone: the group's offset for the partition was deleted or expired. */
    record OffsetTombstone(String groupId, TopicPartition partition) implements Tombstone {
    }

    /**
     * GroupMetadataKey and GroupMetadataValue: a classic group (JoinGroup and SyncGroup) as of its current
     * generation, with its members.
     *
     * @param protocolType the protocol type the members joined with ({@code consumer}, {@code connect}...), empty
     *     for a group that has none
     * @param protocolName the protocol chosen for the generation; empty when the group has no members
     * @param leaderId the member that computes the generation's assignment; empty when the group has no members
     * @param currentStateTimestampMs when the group entered its current state, -1 when unknown
     */
    record ClassicGroup(String groupId, String protocolType, int generationId, Optional<String> protocolName,
                        Optional<String> leaderId, long currentStateTimestampMs, List<Member> members)
            implements GroupRecord {

        public ClassicGroup {
            members = List.copyOf(members);
        }

        /**
         * A member of a classic group, the MemberMetadata of GroupMetadataValue. The arrays are not copied: leave
         * them unchanged.
         *
         * @param subscription the member's metadata for the generation's protocol
         * @param assignment what the leader assigned the member for the generation; empty until then
         */
        public record Member(String memberId, Optional<String> groupInstanceId, String clientId, String clientHost,
                             int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription,
                             byte[] assignment) {

            @Override
            public boolean equals(Object other) {
                return other instanceof Member member
                        && memberId.equals(member.memberId)
                        && groupInstanceId.equals(member.groupInstanceId)
                        && clientId.equals(member.clientId)
                        && clientHost.equals(member.clientHost)
                        && rebalanceTimeoutMs == member.rebalanceTimeoutMs
                        && sessionTimeoutMs == member.sessionTimeoutMs
                        && Arrays.equals(subscription, member.subscription)
                        && Arrays.equals(assignment, member.assignment);
            }

            @Override
            public int hashCode() {
                return 31 * Objects.hash(memberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs,
                        sessionTimeoutMs) + 17 * Arrays.hashCode(subscription) + Arrays.hashCode(assignment);
            }

            @Override
            public String toString() {
                return "Member[memberId=" + memberId + ", groupInstanceId=" + groupInstanceId + ", clientId="
                        + clientId + ", clientHost=" + clientHost + ", rebalanceTimeoutMs=" + rebalanceTimeoutMs
                        + ", sessionTimeoutMs=" + sessionTimeoutMs + ", subscription=" + subscription.length
                        + " bytes, assignment=" + assignment.length + " bytes]";
            }
        }
    }

    /** GroupMetadataKey alone: deletes a classic group. */
    record GroupTombstone(String groupId) implements Tombstone {
    }

    /**
     * ConsumerGroupMetadataKey and ConsumerGroupMetadataValue: a consumer group's epoch.
     *
     * @param metadataHash Kafka's hash of the metadata of the topics the group subscribes to (KIP-1101), which
     *     bumps the epoch when it changes; 0 for none
     */
    record ConsumerGroupEpoch(String groupId, int epoch, long metadataHash) implements GroupRecord {
    }

    /** ConsumerGroupMetadataKey alone: deletes a consumer group; Kafka writes it last of the group's tombstones. */
    record ConsumerGroupEpochTombstone(String groupId) implements Tombstone {
    }

    /**
     * ConsumerGroupMemberMetadataKey and ConsumerGroupMemberMetadataValue: a member of a consumer group and what
     * it subscribes to.
     *
     * @param subscribedTopicRegex the member's regular expression (RE2/J syntax); an empty one subscribes to nothing
     * @param serverAssignor the assignor the member asks for
     */
    record ConsumerGroupMember(String groupId, String memberId, Optional<String> instanceId,
                               Optional<String> rackId, String clientId, String clientHost,
                               List<String> subscribedTopicNames, Optional<String> subscribedTopicRegex,
                               Optional<String> serverAssignor, int rebalanceTimeoutMs) implements GroupRecord {

        public ConsumerGroupMember {
            subscribedTopicNames = List.copyOf(subscribedTopicNames);
        }
    }

    /** ConsumerGroupMemberMetadataKey alone: a member left the consumer group. */
    record ConsumerGroupMemberTombstone(String groupId, String memberId) implements Tombstone {
    }

    /**
     * ConsumerGroupTargetAssignmentMetadataKey and ConsumerGroupTargetAssignmentMetadataValue: the group epoch the
     * target assignment was computed for.
     */
    record ConsumerGroupTargetEpoch(String groupId, int epoch) implements GroupRecord {
    }

    /** ConsumerGroupTargetAssignmentMetadataKey alone: deletes a consumer group's target assignment. */
    record ConsumerGroupTargetEpochTombstone(String groupId) implements Tombstone {
    }

    /**
     * ConsumerGroupTargetAssignmentMemberKey and ConsumerGroupTargetAssignmentMemberValue: a member's partitions in
     * the target assignment.
     */
    record ConsumerGroupTargetMember(String groupId, String memberId, Set<TopicPartition> partitions)
            implements GroupRecord {

        public ConsumerGroupTargetMember {
            partitions = Set.copyOf(partitions);
        }
    }

    /** ConsumerGroupTargetAssignmentMemberKey alone: a member's target assignment is gone. */
    record ConsumerGroupTargetMemberTombstone(String groupId, String memberId) implements Tombstone {
    }

    /**
     * ConsumerGroupCurrentMemberAssignmentKey and ConsumerGroupCurrentMemberAssignmentValue: where a member stands
     * in moving to its target assignment.
     *
     * @param previousMemberEpoch the epoch before, which the member may still heartbeat with
     * @param state Kafka's MemberState id: 0 stable, 1 unrevoked partitions, 2 unreleased partitions
     * @param assigned the partitions the member owns
     * @param pendingRevocation the partitions the member must give up, which it owns until it does
     */
    record ConsumerGroupCurrentAssignment(String groupId, String memberId, int memberEpoch, int previousMemberEpoch,
                                          byte state, Set<TopicPartition> assigned,
                                          Set<TopicPartition> pendingRevocation) implements GroupRecord {

        public ConsumerGroupCurrentAssignment {
            assigned = Set.copyOf(assigned);
            pendingRevocation = Set.copyOf(pendingRevocation);
        }
    }

    /** ConsumerGroupCurrentMemberAssignmentKey alone: a member's current assignment is gone. */
    record ConsumerGroupCurrentAssignmentTombstone(String groupId, String memberId) implements Tombstone {
    }
}
