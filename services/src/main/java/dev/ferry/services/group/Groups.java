package dev.ferry.services.group;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.spi.TopicPartition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The broker's group coordinator. A group id belongs to one {@link GroupType} at a time; a request of the other
 * protocol for it fails with {@link BrokerError#INCONSISTENT_GROUP_PROTOCOL} (or
 * {@link BrokerError#GROUP_ID_NOT_FOUND} where Kafka answers so).
 *
 * <p>Every method answers with a future, which may complete on any thread (the coordinator's own, or the caller's
 * before the method returns): what a caller chains on it must not block. Group-level failures of the methods
 * returning a result carry their error in that result; the others complete exceptionally with a
 * {@link dev.ferry.services.broker.BrokerException} (such as {@link BrokerError#COORDINATOR_LOAD_IN_PROGRESS} or
 * {@link BrokerError#NOT_COORDINATOR} while the group's coordinator cannot serve it).
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
     * Keeps a classic member alive. Completes as soon as the coordinator has checked the member, without waiting for
     * the rebalance it may announce.
     *
     * @return {@link BrokerError#NONE}, {@link BrokerError#REBALANCE_IN_PROGRESS} to tell the member to join
     *     again, or the reason the member is not in the group; completes exceptionally only when the coordinator
     *     cannot serve the group
     */
    CompletableFuture<BrokerError> heartbeat(String groupId, String memberId, Optional<String> groupInstanceId,
                                             int generationId);

    /**
     * Removes classic members from their group at once, which starts a rebalance for those who stay. Completes once
     * they are out of the group, without waiting for that rebalance.
     *
     * @return a group-level error, or one per member in the order given; completes exceptionally only when the
     *     coordinator cannot serve the group
     */
    CompletableFuture<LeaveGroupResult> leaveGroup(String groupId, List<LeavingMember> members);

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
     * They stay pending, listed by {@link #committedOffsets} as {@link GroupOffsets#pending()} and not as committed,
     * until a commit marker makes them the group's committed offsets; an abort marker drops them.
     *
     * @return an error per partition, as {@link #commitOffsets} gives them
     */
    CompletableFuture<Map<TopicPartition, BrokerError>> commitTransactionalOffsets(TxnOffsetCommit commit);

    /**
     * Reads the group's committed offsets together with its partitions pending in an open transaction, in one
     * consistent read; see {@link GroupOffsets} for how a read of stable offsets answers the pending ones.
     * Completes once read, without waiting for any transaction to end.
     *
     * @return the offsets; empty ones for an unknown group. Completes exceptionally with a
     *     {@link dev.ferry.services.broker.BrokerException}: {@link BrokerError#STALE_MEMBER_EPOCH} or
     *     {@link BrokerError#UNKNOWN_MEMBER_ID} when the query's consumer-protocol member may not read the group's
     *     offsets, or the error of a coordinator that cannot serve the group (loading, for instance)
     */
    CompletableFuture<GroupOffsets> committedOffsets(OffsetFetch query);

    /**
     * Deletes committed offsets (Kafka's OffsetDelete), durably before the future completes.
     *
     * @return an error per partition: {@link BrokerError#GROUP_SUBSCRIBED_TO_TOPIC} for a topic the group still
     *     consumes; completes exceptionally with {@link BrokerError#GROUP_ID_NOT_FOUND} for an unknown group
     */
    CompletableFuture<Map<TopicPartition, BrokerError>> deleteOffsets(String groupId,
                                                                       Collection<TopicPartition> partitions);

    /**
     * Every group, classic and consumer-protocol, including those that only hold offsets. Completes once every
     * group has been read.
     *
     * @return the groups by id; completes exceptionally only when the coordinator cannot list them
     */
    CompletableFuture<List<GroupListing>> listGroups();

    /**
     * A classic group (or a group that only holds offsets, described as an empty classic group). Completes once
     * read.
     *
     * @return empty for an unknown group or a consumer-protocol one; completes exceptionally only when the
     *     coordinator cannot serve the group
     */
    CompletableFuture<Optional<ClassicGroupDescription>> describeClassicGroup(String groupId);

    /**
     * A consumer-protocol group. Completes once read.
     *
     * @return empty for an unknown group or a classic one; completes exceptionally only when the coordinator
     *     cannot serve the group
     */
    CompletableFuture<Optional<ConsumerGroupDescription>> describeConsumerGroup(String groupId);

    /**
     * Deletes empty groups with their offsets, durably before the future completes.
     *
     * @return an error per group: {@link BrokerError#NONE}, {@link BrokerError#GROUP_ID_NOT_FOUND} or
     *     {@link BrokerError#NON_EMPTY_GROUP}
     */
    CompletableFuture<Map<String, BrokerError>> deleteGroups(Collection<String> groupIds);
}
