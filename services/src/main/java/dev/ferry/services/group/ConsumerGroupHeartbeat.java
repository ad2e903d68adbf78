package dev.ferry.services.group;

import dev.ferry.spi.TopicPartition;
import java.util.List;
import java.util.Optional;

/**
 * A consumer-protocol member's heartbeat (KIP-848 ConsumerGroupHeartbeat). Fields that are empty did not change
 * since the member's previous heartbeat.
 *
 * @param memberId the member's id, which the client generates (KIP-1082)
 * @param memberEpoch 0 to join, -1 to leave, -2 for a static member leaving for now; otherwise the member's
 *     current epoch
 * @param rebalanceTimeoutMs how long the member may take to revoke partitions; -1 when unchanged
 * @param subscribedTopicNames the member's subscription by topic name
 * @param subscribedTopicRegex the member's subscription as a regular expression (RE2/J syntax in Kafka)
 * @param serverAssignor the assignor the member asks for ({@code group.remote.assignor})
 * @param ownedPartitions the partitions the member owns now
 */
public record ConsumerGroupHeartbeat(String groupId, String memberId, int memberEpoch,
                                     Optional<String> groupInstanceId, Optional<String> rackId,
                                     int rebalanceTimeoutMs, String clientId, String clientHost,
                                     Optional<List<String>> subscribedTopicNames,
                                     Optional<String> subscribedTopicRegex, Optional<String> serverAssignor,
                                     Optional<List<TopicPartition>> ownedPartitions) {

    /** The member epoch of a member that leaves the group. */
    public static final int LEAVE_EPOCH = -1;
    /** The member epoch of a static member that leaves for now and keeps its place. */
    public static final int LEAVE_STATIC_EPOCH = -2;
}
