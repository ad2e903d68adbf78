package dev.ferry.coordinator.group.consumer;

import dev.ferry.spi.TopicPartition;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What each member of a group should own once reconciled.
 *
 * @param epoch the group epoch it was computed for
 * @param members by member id; a member left out should own nothing
 */
record TargetAssignment(int epoch, Map<String, Set<TopicPartition>> members) {

    static final TargetAssignment NONE = new TargetAssignment(0, Map.of());

    TargetAssignment {
        members = Map.copyOf(members);
    }

    Set<TopicPartition> of(String memberId) {
        return members.getOrDefault(memberId, Set.of());
    }

    /** The same target with a member's share under the id of the static member that replaces it. */
    TargetAssignment renamed(String memberId, String newMemberId) {
        Map<String, Set<TopicPartition>> renamed = new HashMap<>(members);
        Set<TopicPartition> share = renamed.remove(memberId);
        if (share != null) {
            renamed.put(newMemberId, share);
        }
        return new TargetAssignment(epoch, renamed);
    }

    TargetAssignment without(String memberId) {
        Map<String, Set<TopicPartition>> rest = new HashMap<>(members);
        rest.remove(memberId);
        return new TargetAssignment(epoch, rest);
    }
}
