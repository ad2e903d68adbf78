package dev.ferry.spi.group;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.BrokerError;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The broker's group coordinator. A group id belongs to one {@link GroupType} at a time; a request of the other
 * protocol for it fails with {@link BrokerError#INCONSISTENT_GROUP_PROTOCOL} (or
 * {@link BrokerError#GROUP_ID_NOT_FOUND} where Kafka answers so).
 *
 * <p>Group-level failures of the methods returning a result carry their error in that result; the others throw
 * (or complete exceptionally with) a {@link dev.ferry.spi.broker.BrokerException}.
 */
public interface Groups {

    /**
     * Joins a classic group. Completes when the rebalance the join is part of completes, or at the latest after
     * the group's rebalance timeout.
     */
    CompletableFuture<JoinGroupResult> joinGroup(JoinGroup request);

    /** Completes with the member's assignment once the leader has sent the generation's assignment. */
    CompletableFuture<SyncGroupResult> syncGroup(SyncGroup request);

    /**
     * Keeps a classic member alive.
     *
     * @return {@link BrokerError#NONE}, {@link BrokerError#REBALANCE_IN_PROGRESS} to tell the member to join
     *     again, or the reason the member is not in the group
     */
    BrokerError heartbeat(String groupId, String memberId, Optional<String> groupInstanceId, int generationId);

    /** Removes classic members from their group at once, which starts a rebalance for those who stay. */
    LeaveGroupResult leaveGroup(String groupId, List<LeavingMember> members);

    /** Serves a consumer-protocol member: joins, leaves, subscription changes and reconciliation. */
    CompletableFuture<ConsumerGroupHeartbeatResult> consumerGroupHeartbeat(ConsumerGroupHeartbeat request);

    /**
     * Commits offsets, durably before the future completes.
     *
     * @return an error per partition: {@link BrokerError#NONE}, or for example {@link BrokerError#ILLEGAL_GENERATION}
     *     or {@link BrokerError#UNKNOWN_MEMBER_ID} for every partition of a commit from outside the generation
     */
    CompletableFuture<Map<TopicPartition, BrokerError>> commitOffsets(OffsetCommit commit);

    /**
     * Commits offsets inside a producer's transaction (Kafka's TxnOffsetCommit), durably before the future completes.
     * They stay pending, invisible to {@link #committedOffsets}, until a commit marker makes them the group's
     * committed offsets; an abort marker drops them.
     *
     * @return an error per partition, as {@link #commitOffsets} gives them
     */
    CompletableFuture<Map<TopicPartition, BrokerError>> commitTransactionalOffsets(TxnOffsetCommit commit);

    /**
     * The group's committed offsets; a partition without one is left out. Offsets pending in an open transaction
     * are not committed yet: a caller asked for stable offsets answers the partitions of {@link #unstablePartitions}
     * itself.
     *
     * @throws dev.ferry.spi.broker.BrokerException when a member's epoch is stale, or the coordinator is loading
     */
    Map<TopicPartition, CommittedOffset> committedOffsets(OffsetFetch query);

    /**
     * The group's partitions with offsets pending in an open transaction (KIP-447). An OffsetFetch asking for
     * stable offsets answers each of them with {@link BrokerError#UNSTABLE_OFFSET_COMMIT},
     * offset -1, as Kafka does: every one it names, and, when it names none, those of them that
     * {@link #committedOffsets} lists. Ask this first, then {@link #committedOffsets}: a transaction ending between
     * the two calls then shows as unstable (the client asks again), never as the offset it replaced.
     *
     * @return empty for a group without pending offsets, or no group
     */
    Set<TopicPartition> unstablePartitions(String groupId);

    /**
     * Deletes committed offsets (Kafka's OffsetDelete), durably before the future completes.
     *
     * @return an error per partition: {@link BrokerError#GROUP_SUBSCRIBED_TO_TOPIC} for a topic the group still
     *     consumes; completes exceptionally with {@link BrokerError#GROUP_ID_NOT_FOUND} for an unknown group
     */
    CompletableFuture<Map<TopicPartition, BrokerError>> deleteOffsets(String groupId,
                                                                       Collection<TopicPartition> partitions);

    /** Every group, classic and consumer-protocol, including those that only hold offsets. */
    List<GroupListing> listGroups();

    /** A classic group (or a group that only holds offsets, described as an empty classic group). */
    Optional<ClassicGroupDescription> describeClassicGroup(String groupId);

    /** A consumer-protocol group. */
    Optional<ConsumerGroupDescription> describeConsumerGroup(String groupId);

    /**
     * Deletes empty groups with their offsets, durably before the future completes.
     *
     * @return an error per group: {@link BrokerError#NONE}, {@link BrokerError#GROUP_ID_NOT_FOUND} or
     *     {@link BrokerError#NON_EMPTY_GROUP}
     */
    CompletableFuture<Map<String, BrokerError>> deleteGroups(Collection<String> groupIds);
}
