package dev.ferry.spi.assignor;

import java.util.Map;

/**
 * A group as an assignor sees it.
 *
 * @param members by member id
 */
public record GroupSpec(String groupId, Map<String, MemberSpec> members) {

    public GroupSpec {
        members = Map.copyOf(members);
    }
}
