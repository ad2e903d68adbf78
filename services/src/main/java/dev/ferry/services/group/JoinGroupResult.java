package dev.ferry.services.group;

import dev.ferry.services.broker.BrokerError;
import java.util.List;
import java.util.Optional;

/**
 * The answer to a join, sent when the group's rebalance completes (or at once for an error).
 *
 * @param error {@link BrokerError#NONE} or the reason; with {@link BrokerError#MEMBER_ID_REQUIRED} the
 *     {@code memberId} is the id to join again with
 * @param protocolName the protocol chosen for the generation; empty on error
 * @param members every member with its metadata for the chosen protocol, for the leader only; empty for others
 */
public record JoinGroupResult(BrokerError error, int generationId, Optional<String> protocolType,
                              Optional<String> protocolName, String leaderId, String memberId,
                              List<JoinedMember> members) {

    public JoinGroupResult {
        members = List.copyOf(members);
    }

    public static JoinGroupResult failed(BrokerError error, String memberId) {
        return new JoinGroupResult(error, -1, Optional.empty(), Optional.empty(), "", memberId, List.of());
    }

    /** A member of the generation as its leader sees it. */
    public record JoinedMember(String memberId, Optional<String> groupInstanceId, byte[] metadata) {
    }
}
