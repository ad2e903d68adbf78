package dev.ferry.spi.assignor;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One member of a group as an assignor sees it.
 *
 * @param groupInstanceId the static member's {@code group.instance.id}, which stays across restarts
 * @param rackId the member's {@code client.rack}
 * @param subscribedTopics the names of the topics the member subscribes to that exist
 * @param currentAssignment the partitions the member is assigned now, by topic name (its current target)
 */
public record MemberSpec(Optional<String> groupInstanceId, Optional<String> rackId, Set<String> subscribedTopics,
                         Map<String, Set<Integer>> currentAssignment) {

    public MemberSpec {
        subscribedTopics = Set.copyOf(subscribedTopics);
        currentAssignment = Map.copyOf(currentAssignment);
    }
}
