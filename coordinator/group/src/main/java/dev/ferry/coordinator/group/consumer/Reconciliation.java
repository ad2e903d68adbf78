package dev.ferry.coordinator.group.consumer;

import dev.ferry.spi.TopicPartition;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Moves a member's assignment one step towards its target, as Kafka's CurrentAssignmentBuilder does, so that no
 * partition ever has two owners. A member that must give up partitions keeps its epoch and the rest of its
 * partitions until a heartbeat no longer reports those; then it moves to the target epoch with every partition of
 * its target that no other member owns, and is given the others on later heartbeats, once their owners let go.
 */
final class Reconciliation {

    private Reconciliation() {
    }

    /**
     * @param ownedByAnother whether another member of the group still owns a partition
     * @param reportedOwned the partitions the member's heartbeat says it owns; empty when the heartbeat did not say
     */
    static MemberAssignment next(MemberAssignment current, int targetEpoch, Set<TopicPartition> target,
                                 Predicate<TopicPartition> ownedByAnother,
                                 Optional<List<TopicPartition>> reportedOwned) {
        return switch (current.state()) {
            case STABLE -> current.memberEpoch() == targetEpoch
                    ? current
                    : towards(current, targetEpoch, target, ownedByAnother, reportedOwned);
            case UNREVOKED_PARTITIONS -> stillOwnsAny(reportedOwned, current.pendingRevocation())
                    ? current
                    : towards(current, targetEpoch, target, ownedByAnother, reportedOwned);
            case UNRELEASED_PARTITIONS -> towards(current, targetEpoch, target, ownedByAnother, reportedOwned);
        };
    }

    private static MemberAssignment towards(MemberAssignment current, int targetEpoch, Set<TopicPartition> target,
                                            Predicate<TopicPartition> ownedByAnother,
                                            Optional<List<TopicPartition>> reportedOwned) {
        Set<TopicPartition> kept = new HashSet<>(current.assigned());
        kept.retainAll(target);
        Set<TopicPartition> revoked = new HashSet<>(current.assigned());
        revoked.removeAll(kept);
        if (!revoked.isEmpty() && stillOwnsAny(reportedOwned, revoked)) {
            return current.next(MemberState.UNREVOKED_PARTITIONS, current.memberEpoch(), kept, revoked);
        }
        Set<TopicPartition> assigned = new HashSet<>(kept);
        boolean unreleased = false;
        for (TopicPartition partition : target) {
            if (kept.contains(partition)) {
                continue;
            }
            if (ownedByAnother.test(partition)) {
                unreleased = true;
            } else {
                assigned.add(partition);
            }
        }
        MemberState state = unreleased ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE;
        return current.next(state, targetEpoch, assigned, Set.of());
    }

    /** A heartbeat that does not list the member's partitions does not acknowledge a revocation. */
    private static boolean stillOwnsAny(Optional<List<TopicPartition>> reportedOwned, Set<TopicPartition> revoked) {
        return reportedOwned.map(owned -> owned.stream().anyMatch(revoked::contains)).orElse(true);
    }
}
