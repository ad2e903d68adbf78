package dev.ferry.coordinator.group.consumer;

import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A consumer-protocol group gathered from its records while a shard loads; records of one key replace each other
 * and tombstones remove them, in whatever order they come. The group is built once the load is done.
 */
final class LoadedConsumerGroup {

    private final String groupId;
    private int epoch;
    private int targetEpoch;
    private final Map<String, GroupRecord.ConsumerGroupMember> members = new TreeMap<>();
    private final Map<String, Set<TopicPartition>> targets = new HashMap<>();
    private final Map<String, GroupRecord.ConsumerGroupCurrentAssignment> assignments = new HashMap<>();

    LoadedConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    /**
     * Applies a consumer-group record of this group.
     *
     * @return false once the record removed the group (its epoch tombstone)
     */
    boolean apply(GroupRecord record) {
        if (record instanceof GroupRecord.ConsumerGroupEpoch value) {
            epoch = value.epoch();
        } else if (record instanceof GroupRecord.ConsumerGroupEpochTombstone) {
            return false;
        } else if (record instanceof GroupRecord.ConsumerGroupMember member) {
            members.put(member.memberId(), member);
        } else if (record instanceof GroupRecord.ConsumerGroupMemberTombstone tombstone) {
            members.remove(tombstone.memberId());
        } else if (record instanceof GroupRecord.ConsumerGroupTargetEpoch value) {
            targetEpoch = value.epoch();
        } else if (record instanceof GroupRecord.ConsumerGroupTargetEpochTombstone) {
            targetEpoch = 0;
        } else if (record instanceof GroupRecord.ConsumerGroupTargetMember target) {
            targets.put(target.memberId(), target.partitions());
        } else if (record instanceof GroupRecord.ConsumerGroupTargetMemberTombstone tombstone) {
            targets.remove(tombstone.memberId());
        } else if (record instanceof GroupRecord.ConsumerGroupCurrentAssignment assignment) {
            assignments.put(assignment.memberId(), assignment);
        } else if (record instanceof GroupRecord.ConsumerGroupCurrentAssignmentTombstone tombstone) {
            assignments.remove(tombstone.memberId());
        }
        return true;
    }

    String groupId() {
        return groupId;
    }

    int epoch() {
        return epoch;
    }

    int targetEpoch() {
        return targetEpoch;
    }

    Map<String, Set<TopicPartition>> targets() {
        return targets;
    }

    /** The members with their current assignments; a member without one owns nothing yet, at epoch 0. */
    List<ConsumerGroupMember> members() {
        List<ConsumerGroupMember> loaded = new ArrayList<>();
        for (GroupRecord.ConsumerGroupMember member : members.values()) {
            GroupRecord.ConsumerGroupCurrentAssignment current = assignments.get(member.memberId());
            MemberAssignment assignment = current == null ? MemberAssignment.JOINING
                    : new MemberAssignment(MemberState.ofId(current.state()), current.memberEpoch(),
                            current.previousMemberEpoch(), current.assigned(), current.pendingRevocation());
            loaded.add(new ConsumerGroupMember(member.memberId(), member.instanceId(), member.rackId(),
                    member.rebalanceTimeoutMs(), member.clientId(), member.clientHost(),
                    // Kafka writes "" for a member without an expression
                    member.subscribedTopicNames(), member.subscribedTopicRegex().filter(regex -> !regex.isEmpty()),
                    member.serverAssignor(), assignment));
        }
        return loaded;
    }
}
