package dev.ferry.services.group;

import java.util.List;
import java.util.Optional;

/**
 * A classic group as DescribeGroups shows it.
 *
 * @param state as in {@link GroupListing#state()}
 * @param protocolName the current generation's protocol; {@code ""} while there is none
 */
public record ClassicGroupDescription(String groupId, String state, String protocolType, String protocolName,
                                      List<Member> members) {

    public ClassicGroupDescription {
        members = List.copyOf(members);
    }

    /**
     * @param metadata the member's metadata for the chosen protocol
     * @param assignment the member's assignment in the current generation; empty before SyncGroup
     */
    public record Member(String memberId, Optional<String> groupInstanceId, String clientId, String clientHost,
                         byte[] metadata, byte[] assignment) {
    }
}
