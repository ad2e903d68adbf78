package dev.ferry.services.group;

import dev.ferry.services.broker.BrokerError;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a leave: a group-level error, or one result per member in the request's order.
 */
public record LeaveGroupResult(BrokerError error, List<MemberLeft> members) {

    public LeaveGroupResult {
        members = List.copyOf(members);
    }

    public record MemberLeft(String memberId, Optional<String> groupInstanceId, BrokerError error) {
    }
}
