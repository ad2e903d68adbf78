package dev.ferry.coordinator.group.consumer;

import dev.ferry.services.group.ConsumerGroupHeartbeat;
import dev.ferry.spi.TopicPartition;
import java.util.HashSet;
import java.util.Set;

/**
 * A member's side of reconciliation.
 *
 * @param memberEpoch the group epoch the member is at: its assignment is its target of that epoch, less what it
 *     waits for
 * @param previousMemberEpoch the epoch before, accepted once more in case the answer that moved it got lost
 * @param assigned the partitions the member owns and is told it owns
 * @param pendingRevocation the partitions the member must give up; it still owns them until it says otherwise
 */
record MemberAssignment(MemberState state, int memberEpoch, int previousMemberEpoch, Set<TopicPartition> assigned,
                        Set<TopicPartition> pendingRevocation) {

    /** The assignment of a member that joins: nothing, at epoch 0. */
    static final MemberAssignment JOINING = new MemberAssignment(MemberState.STABLE, 0, 0, Set.of(), Set.of());

    MemberAssignment {
        assigned = Set.copyOf(assigned);
        pendingRevocation = Set.copyOf(pendingRevocation);
    }

    boolean isReconciledTo(int targetEpoch) {
        return state == MemberState.STABLE && memberEpoch == targetEpoch;
    }

    /** Every partition the member may still consume: no other member gets them. */
    Set<TopicPartition> owned() {
        Set<TopicPartition> owned = new HashSet<>(assigned);
        owned.addAll(pendingRevocation);
        return owned;
    }

    /** The next step, at {@code epoch}; this epoch becomes the previous one. */
    MemberAssignment next(MemberState nextState, int epoch, Set<TopicPartition> nextAssigned,
                          Set<TopicPartition> nextPendingRevocation) {
        return new MemberAssignment(nextState, epoch, memberEpoch, nextAssigned, nextPendingRevocation);
    }

    /** A static member that left for now keeps its partitions, at epoch -2, until it comes back or its session ends. */
    MemberAssignment leftTemporarily() {
        return new MemberAssignment(state, ConsumerGroupHeartbeat.LEAVE_STATIC_EPOCH, previousMemberEpoch, assigned,
                Set.of());
    }
}
