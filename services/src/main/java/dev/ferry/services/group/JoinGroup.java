package dev.ferry.services.group;

import java.util.List;
import java.util.Optional;

/**
 * A classic member's request to join a group (Kafka's JoinGroup).
 *
 * @param memberId empty for a member joining for the first time
 * @param groupInstanceId the static member's {@code group.instance.id} (KIP-345)
 * @param protocolType for example {@code consumer}; every member of a group must use the same
 * @param protocols the protocols the member speaks, most preferred first
 * @param requireKnownMemberId when true a new member is given an id and must join again with it (KIP-394)
 * @param clientHost the address the request came from
 */
public record JoinGroup(String groupId, String memberId, Optional<String> groupInstanceId, String protocolType,
                        List<GroupProtocol> protocols, int sessionTimeoutMs, int rebalanceTimeoutMs,
                        String clientId, String clientHost, boolean requireKnownMemberId) {

    public JoinGroup {
        protocols = List.copyOf(protocols);
    }
}
