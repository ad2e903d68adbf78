package dev.ferry.services.group;

import java.util.Map;
import java.util.Optional;

/**
 * A classic member's request for its assignment (Kafka's SyncGroup).
 *
 * @param protocolType the member's protocol type, checked when present
 * @param protocolName the generation's protocol as the member knows it, checked when present
 * @param assignments the leader's assignment by member id; empty from other members
 */
public record SyncGroup(String groupId, int generationId, String memberId, Optional<String> groupInstanceId,
                        Optional<String> protocolType, Optional<String> protocolName,
                        Map<String, byte[]> assignments) {

    public SyncGroup {
        assignments = Map.copyOf(assignments);
    }
}
