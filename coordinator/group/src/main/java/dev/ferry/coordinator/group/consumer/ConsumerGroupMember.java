package dev.ferry.coordinator.group.consumer;

import dev.ferry.services.group.ConsumerGroupHeartbeat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A member of a consumer-protocol group: what it said in its heartbeats, and its assignment.
 *
 * @param rebalanceTimeoutMs how long the member may take to give up partitions
 * @param subscribedTopicRegex the member's regular expression; an empty one subscribes to nothing
 * @param serverAssignor the assignor the member asks for
 */
record ConsumerGroupMember(String memberId, Optional<String> instanceId, Optional<String> rackId,
                           int rebalanceTimeoutMs, String clientId, String clientHost,
                           List<String> subscribedTopicNames, Optional<String> subscribedTopicRegex,
                           Optional<String> serverAssignor, MemberAssignment assignment) {

    ConsumerGroupMember {
        subscribedTopicNames = List.copyOf(subscribedTopicNames);
    }

    static ConsumerGroupMember joining(String memberId) {
        return new ConsumerGroupMember(memberId, Optional.empty(), Optional.empty(), -1, "", "", List.of(),
                Optional.empty(), Optional.empty(), MemberAssignment.JOINING);
    }

    /** The member after a heartbeat: the fields the heartbeat carries replace the member's. */
    ConsumerGroupMember updatedBy(ConsumerGroupHeartbeat heartbeat) {
        return new ConsumerGroupMember(memberId,
                heartbeat.groupInstanceId().or(() -> instanceId),
                heartbeat.rackId().or(() -> rackId),
                heartbeat.rebalanceTimeoutMs() == -1 ? rebalanceTimeoutMs : heartbeat.rebalanceTimeoutMs(),
                Objects.requireNonNullElse(heartbeat.clientId(), ""),
                Objects.requireNonNullElse(heartbeat.clientHost(), ""),
                heartbeat.subscribedTopicNames().orElse(subscribedTopicNames),
                heartbeat.subscribedTopicRegex().or(() -> subscribedTopicRegex),
                heartbeat.serverAssignor().or(() -> serverAssignor),
                assignment);
    }

    /** The static member that takes this one's place with the same instance id, from epoch 0 but with its partitions. */
    ConsumerGroupMember replacedBy(String newMemberId) {
        MemberAssignment restart = new MemberAssignment(assignment.state(), 0, 0, assignment.assigned(),
                assignment.pendingRevocation());
        return new ConsumerGroupMember(newMemberId, instanceId, rackId, rebalanceTimeoutMs, clientId, clientHost,
                subscribedTopicNames, subscribedTopicRegex, serverAssignor, restart);
    }

    ConsumerGroupMember withAssignment(MemberAssignment newAssignment) {
        return new ConsumerGroupMember(memberId, instanceId, rackId, rebalanceTimeoutMs, clientId, clientHost,
                subscribedTopicNames, subscribedTopicRegex, serverAssignor, newAssignment);
    }

    boolean hasSameSubscriptionAs(ConsumerGroupMember other) {
        return Set.copyOf(subscribedTopicNames).equals(Set.copyOf(other.subscribedTopicNames))
                && regex().equals(other.regex());
    }

    Optional<String> regex() {
        return subscribedTopicRegex.filter(regex -> !regex.isEmpty());
    }

    int memberEpoch() {
        return assignment.memberEpoch();
    }
}
