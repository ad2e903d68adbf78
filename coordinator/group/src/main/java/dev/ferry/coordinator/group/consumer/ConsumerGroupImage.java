package dev.ferry.coordinator.group.consumer;

import dev.ferry.coordinator.group.records.GroupRecord;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A consumer-protocol group as Kafka's records describe it, by key: the members' metadata, the group epoch, the
 * target assignment and its epoch, and each member's current assignment, in the order Kafka writes them.
 */
final class ConsumerGroupImage {

    private static final List<String> KINDS = List.of("current", "target", "member", "target-epoch", "epoch");

    /** Tombstones go current assignments first, the group epoch last, as Kafka removes a member and a group. */
    static final Comparator<String> TOMBSTONE_ORDER = Comparator.comparingInt(
            (String key) -> KINDS.indexOf(key.substring(0, key.indexOf('/') < 0 ? key.length() : key.indexOf('/'))))
            .thenComparing(Comparator.naturalOrder());

    private ConsumerGroupImage() {
    }

    static Map<String, GroupRecord> of(String groupId, int groupEpoch, Collection<ConsumerGroupMember> members,
                                       TargetAssignment target) {
        Map<String, GroupRecord> image = new LinkedHashMap<>();
        for (ConsumerGroupMember member : members) {
            image.put("member/" + member.memberId(), new GroupRecord.ConsumerGroupMember(groupId, member.memberId(),
                    member.instanceId(), member.rackId(), member.clientId(), member.clientHost(),
                    member.subscribedTopicNames(), member.subscribedTopicRegex(), member.serverAssignor(),
                    member.rebalanceTimeoutMs()));
        }
        image.put("epoch", new GroupRecord.ConsumerGroupEpoch(groupId, groupEpoch, 0));
        target.members().forEach((memberId, partitions) -> image.put("target/" + memberId,
                new GroupRecord.ConsumerGroupTargetMember(groupId, memberId, partitions)));
        image.put("target-epoch", new GroupRecord.ConsumerGroupTargetEpoch(groupId, target.epoch()));
        for (ConsumerGroupMember member : members) {
            MemberAssignment assignment = member.assignment();
            image.put("current/" + member.memberId(), new GroupRecord.ConsumerGroupCurrentAssignment(groupId,
                    member.memberId(), assignment.memberEpoch(), assignment.previousMemberEpoch(),
                    assignment.state().id(), assignment.assigned(), assignment.pendingRevocation()));
        }
        return image;
    }

    /** The tombstone of the key a record of the image is written under. */
    static GroupRecord tombstone(GroupRecord record) {
        if (record instanceof GroupRecord.ConsumerGroupMember member) {
            return new GroupRecord.ConsumerGroupMemberTombstone(member.groupId(), member.memberId());
        }
        if (record instanceof GroupRecord.ConsumerGroupEpoch epoch) {
            return new GroupRecord.ConsumerGroupEpochTombstone(epoch.groupId());
        }
        if (record instanceof GroupRecord.ConsumerGroupTargetMember target) {
            return new GroupRecord.ConsumerGroupTargetMemberTombstone(target.groupId(), target.memberId());
        }
        if (record instanceof GroupRecord.ConsumerGroupTargetEpoch epoch) {
            return new GroupRecord.ConsumerGroupTargetEpochTombstone(epoch.groupId());
        }
        if (record instanceof GroupRecord.ConsumerGroupCurrentAssignment current) {
            return new GroupRecord.ConsumerGroupCurrentAssignmentTombstone(current.groupId(), current.memberId());
        }
        throw new IllegalArgumentException("Not a consumer group record: " + record);
    }
}
