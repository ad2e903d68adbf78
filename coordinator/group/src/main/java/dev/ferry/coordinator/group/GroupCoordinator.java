package dev.ferry.coordinator.group;

import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.coordinator.group.records.GroupRecordSerde;
import dev.ferry.coordinator.group.records.TopicIds;
import dev.ferry.coordinator.runtime.CoordinatorLog;
import dev.ferry.coordinator.runtime.CoordinatorLogs;
import dev.ferry.coordinator.runtime.CoordinatorResult;
import dev.ferry.coordinator.runtime.CoordinatorRuntime;
import dev.ferry.coordinator.runtime.Failures;
import dev.ferry.coordinator.runtime.InternalTopic;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.Topics;
import dev.ferry.services.broker.TransactionVerifier;
import dev.ferry.services.group.ClassicGroupDescription;
import dev.ferry.services.group.CommittedOffset;
import dev.ferry.services.group.ConsumerGroupDescription;
import dev.ferry.services.group.ConsumerGroupHeartbeat;
import dev.ferry.services.group.ConsumerGroupHeartbeatResult;
import dev.ferry.services.group.GroupListing;
import dev.ferry.services.group.GroupOffsets;
import dev.ferry.services.group.Groups;
import dev.ferry.services.group.JoinGroup;
import dev.ferry.services.group.JoinGroupResult;
import dev.ferry.services.group.LeaveGroupResult;
import dev.ferry.services.group.LeavingMember;
import dev.ferry.services.group.OffsetCommit;
import dev.ferry.services.group.OffsetFetch;
import dev.ferry.services.group.SyncGroup;
import dev.ferry.services.group.SyncGroupResult;
import dev.ferry.services.group.TxnOffsetCommit;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.time.Scheduler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's group coordinator: classic groups, consumer-protocol groups and their committed offsets behind the
 * one {@link Groups} service, as Apache Kafka runs it: each partition of {@value #TOPIC} is a {@link GroupShard}
 * on the coordinator runtime, which holds the groups whose id hashes to it, changes them one operation at a time,
 * and answers once the operation's records are in the log. A group id belongs to one kind of group at a time; a
 * group that only holds offsets (its members use {@code assign()}, or have all gone) shows as an empty classic
 * group, as in Kafka.
 */
public final class GroupCoordinator implements Groups, AutoCloseable {

    public static final String TOPIC = "__consumer_offsets";

    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);

    private final GroupCoordinatorConfig config;
    private final InternalTopic topic;
    private final TransactionVerifier transactions;
    private final Runnable stopThreads;
    private final CoordinatorRuntime<GroupShard, GroupRecord> runtime;

    /**
     * A coordinator over any log of the topic, on any threads: the broker's, or a test's, on its own thread and a
     * hand-moved clock. Nothing is loaded until {@link #load}.
     *
     * @param threads where the shards run
     * @param stopThreads stops them, once the shards are unloaded at close
     */
    public GroupCoordinator(GroupCoordinatorConfig config, InternalTopic topic, CoordinatorLog<GroupRecord> log,
                            Topics topics, List<PartitionAssignor> assignors, TransactionVerifier transactions,
                            Scheduler scheduler, Executor threads, Runnable stopThreads) {
        this.config = config;
        this.topic = topic;
        this.transactions = transactions;
        this.stopThreads = stopThreads;
        this.runtime = new CoordinatorRuntime<>("group coordinator", threads, scheduler, log,
                context -> new GroupShard(context, config, topics, assignors));
    }

    /**
     * A coordinator over the topic as {@code logs} opens it; nothing is loaded until {@link #load}, so that the
     * caller can first route the topic's transaction markers to {@link #onTransactionMarker}.
     *
     * @param assignors the consumer-protocol groups' assignors, the default first
     * @param transactions checks that a transactional offset commit belongs to an ongoing transaction
     */
    public static GroupCoordinator on(CoordinatorLogs logs, GroupCoordinatorConfig config, InternalTopic topic,
                                      Topics topics, List<PartitionAssignor> assignors,
                                      TransactionVerifier transactions, Scheduler scheduler, Executor threads,
                                      Runnable stopThreads) {
        return new GroupCoordinator(config, topic, logs.open(new GroupRecordSerde(TopicIds.of(topics))), topics,
                assignors, transactions, scheduler, threads, stopThreads);
    }

    /**
     * Creates {@value #TOPIC}, compacted, if it is missing. A topic that exists keeps its partition count, since the
     * groups' records are already spread over it.
     */
    public static InternalTopic openTopic(Topics topics, GroupCoordinatorConfig config) {
        return InternalTopic.open(topics, TOPIC, config.offsetsTopicPartitions(), "offsets.topic.num.partitions",
                InternalTopic.configs(config.offsetsTopicSegmentBytes()));
    }

    /**
     * Loads every partition of the topic, on the coordinator's threads; completes when all are loaded, or
     * exceptionally if one failed (it then answers {@code NOT_COORDINATOR}).
     */
    public CompletableFuture<Void> load() {
        return runtime.loadAll(TOPIC, topic.partitionCount());
    }

    /** The partition of {@value #TOPIC} holding the group, which a transaction committing its offsets adds. */
    public TopicPartition partitionFor(String groupId) {
        return topic.partitionFor(groupId);
    }

    /** Settles the offsets {@code producerId} committed in its transaction to {@code offsetsPartition}. */
    public void onTransactionMarker(TopicPartition offsetsPartition, long producerId, boolean commit) {
        if (offsetsPartition.topic().equals(TOPIC)) {
            runtime.replayTransactionEnd(offsetsPartition, producerId, commit);
        }
    }

    @Override
    public CompletableFuture<JoinGroupResult> joinGroup(JoinGroup request) {
        return onGroup(request.groupId(), shard -> {
            // as in Kafka, an empty consumer-protocol group gives its id up to a classic member
            if (shard.consumer.contains(request.groupId())
                    && shard.consumer.delete(request.groupId()) == BrokerError.NON_EMPTY_GROUP) {
                return CompletableFuture.completedFuture(
                        JoinGroupResult.failed(BrokerError.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
            }
            return shard.classic.join(request);
        }).thenCompose(Function.identity());
    }

    @Override
    public CompletableFuture<SyncGroupResult> syncGroup(SyncGroup request) {
        return onGroup(request.groupId(), shard -> shard.classic.sync(request)).thenCompose(Function.identity());
    }

    @Override
    public CompletableFuture<BrokerError> heartbeat(String groupId, String memberId, Optional<String> groupInstanceId,
                                                    int generationId) {
        return onGroup(groupId, shard -> shard.classic.heartbeat(groupId, memberId, groupInstanceId, generationId));
    }

    @Override
    public CompletableFuture<LeaveGroupResult> leaveGroup(String groupId, List<LeavingMember> members) {
        return onGroup(groupId, shard -> shard.classic.leave(groupId, members));
    }

    @Override
    public CompletableFuture<ConsumerGroupHeartbeatResult> consumerGroupHeartbeat(ConsumerGroupHeartbeat request) {
        return onGroup(request.groupId(), shard -> shard.consumer.heartbeat(request)).thenCompose(Function.identity());
    }

    @Override
    public CompletableFuture<Map<TopicPartition, BrokerError>> commitOffsets(OffsetCommit commit) {
        String groupId = commit.groupId();
        return runtime.write(partitionFor(groupId), shard -> {
            BrokerError groupError = validateOffsetCommit(shard, groupId, commit.memberId(), commit.groupInstanceId(),
                    commit.generationIdOrMemberEpoch());
            return commitResult(shard, groupId, groupError, commit.offsets());
        }).handle((results, failure) -> failure == null ? results : failAll(groupId, commit.offsets(), failure));
    }

    /**
     * Kafka's TxnOffsetCommit: checked as an OffsetCommit is, except that a commit from outside group management
     * (an empty member id and generation -1, as before version 3) is taken whatever the group's state, a rebalance
     * does not hold a member's commit back, and a stale member epoch answers {@code ILLEGAL_GENERATION}. The offsets
     * are written as a transactional batch of the producer and stay pending until its transaction's marker.
     */
    @Override
    public CompletableFuture<Map<TopicPartition, BrokerError>> commitTransactionalOffsets(TxnOffsetCommit commit) {
        String groupId = commit.groupId();
        TopicPartition partition = partitionFor(groupId);
        boolean outsideGroup = commit.memberId().isEmpty() && commit.generationIdOrMemberEpoch() == -1
                && commit.groupInstanceId().isEmpty();
        return runtime.write(partition, commit.producer(), shard -> {
            BrokerError checked = outsideGroup ? BrokerError.NONE : validateOffsetCommit(shard, groupId,
                    commit.memberId(), commit.groupInstanceId(), commit.generationIdOrMemberEpoch());
            BrokerError groupError = switch (checked) {
                case REBALANCE_IN_PROGRESS -> BrokerError.NONE;
                case STALE_MEMBER_EPOCH -> BrokerError.ILLEGAL_GENERATION;
                default -> checked;
            };
            if (groupError == BrokerError.NONE
                    && !transactions.inTransaction(commit.transactionalId(), commit.producer(), partition)) {
                // offsets no marker would settle would stay pending, or be settled by a later transaction's marker
                groupError = BrokerError.INVALID_TXN_STATE;
            }
            return commitResult(shard, groupId, groupError, commit.offsets());
        }).handle((results, failure) -> failure == null ? results : failAll(groupId, commit.offsets(), failure));
    }

    private static BrokerError validateOffsetCommit(GroupShard shard, String groupId, String memberId,
                                                    Optional<String> groupInstanceId, int generationIdOrMemberEpoch) {
        return shard.consumer.contains(groupId)
                ? shard.consumer.validateOffsetCommit(groupId, memberId, generationIdOrMemberEpoch)
                : shard.classic.validateOffsetCommit(groupId, memberId, groupInstanceId, generationIdOrMemberEpoch);
    }

    /**
     * The records of the offsets the checks let through, stamped now: every partition fails with the group's error,
     * and a partition fails alone when its metadata is too large.
     */
    private CoordinatorResult<Map<TopicPartition, BrokerError>, GroupRecord> commitResult(
            GroupShard shard, String groupId, BrokerError groupError, Map<TopicPartition, CommittedOffset> requested) {
        Map<TopicPartition, BrokerError> results = new LinkedHashMap<>();
        List<GroupRecord> records = new ArrayList<>();
        long nowMs = shard.nowMs();
        requested.forEach((partition, offset) -> {
            if (groupError != BrokerError.NONE) {
                results.put(partition, groupError);
            } else if (offset.metadata() != null && offset.metadata().length() > config.offsetMetadataMaxBytes()) {
                results.put(partition, BrokerError.OFFSET_METADATA_TOO_LARGE);
            } else {
                results.put(partition, BrokerError.NONE);
                records.add(new GroupRecord.OffsetCommit(groupId, partition, new CommittedOffset(offset.offset(),
                        offset.leaderEpoch(), offset.metadata(), nowMs)));
            }
        });
        return shard.result(records, results);
    }

    @Override
    public CompletableFuture<GroupOffsets> committedOffsets(OffsetFetch query) {
        String groupId = query.groupId();
        return runtime.read(partitionFor(groupId), shard -> {
            if (query.memberId().isPresent() && shard.consumer.contains(groupId)) {
                BrokerError error = shard.consumer.validateOffsetFetch(groupId, query.memberId().get(),
                        query.memberEpoch());
                if (error != BrokerError.NONE) {
                    throw new BrokerException(error, "Member " + query.memberId().get() + " with epoch "
                            + query.memberEpoch() + " may not read the offsets of group " + groupId);
                }
            }
            Map<TopicPartition, CommittedOffset> committed = shard.offsets.committed(groupId);
            Set<TopicPartition> pending = shard.offsets.pendingPartitions(groupId);
            if (query.partitions().isEmpty()) {
                return new GroupOffsets(committed, pending);
            }
            Map<TopicPartition, CommittedOffset> asked = new LinkedHashMap<>();
            for (TopicPartition partition : query.partitions().get()) {
                CommittedOffset offset = committed.get(partition);
                if (offset != null) {
                    asked.put(partition, offset);
                }
            }
            return new GroupOffsets(asked, pending);
        });
    }

    @Override
    public CompletableFuture<Map<TopicPartition, BrokerError>> deleteOffsets(String groupId,
                                                                              Collection<TopicPartition> partitions) {
        return runtime.write(partitionFor(groupId), shard -> {
            Predicate<String> consumed = consumedTopics(shard, groupId);
            Map<TopicPartition, BrokerError> results = new LinkedHashMap<>();
            List<GroupRecord> tombstones = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                if (consumed.test(partition.topic())) {
                    results.put(partition, BrokerError.GROUP_SUBSCRIBED_TO_TOPIC);
                } else {
                    results.put(partition, BrokerError.NONE);
                    if (shard.offsets.hasOffset(groupId, partition)) {
                        tombstones.add(new GroupRecord.OffsetTombstone(groupId, partition));
                    }
                }
            }
            return shard.result(tombstones, results);
        }).handle((results, failure) -> {
            if (failure == null) {
                return results;
            }
            // the group-level errors of OffsetDelete, which consumedTopics throws
            if (Failures.cause(failure) instanceof BrokerException e && (e.error() == BrokerError.GROUP_ID_NOT_FOUND
                    || e.error() == BrokerError.NON_EMPTY_GROUP)) {
                throw e;
            }
            return failAll(groupId, partitions, failure);
        });
    }

    /** The topics whose offsets the group still needs, by Kafka's rules of OffsetDelete. */
    private static Predicate<String> consumedTopics(GroupShard shard, String groupId) {
        if (shard.consumer.contains(groupId)) {
            return shard.consumer.subscribedTopics(groupId)::contains;
        }
        Optional<Predicate<String>> classicConsumed = shard.classic.consumedTopics(groupId);
        if (classicConsumed.isPresent()) {
            return classicConsumed.get();
        }
        if (shard.offsets.hasOffsets(groupId)) {
            return topic -> false;
        }
        throw new BrokerException(BrokerError.GROUP_ID_NOT_FOUND, "Group " + groupId + " not found.");
    }

    @Override
    public CompletableFuture<List<GroupListing>> listGroups() {
        return runtime.readAll(GroupShard::listGroups).thenApply(shards -> {
            List<GroupListing> listings = new ArrayList<>();
            shards.forEach(listings::addAll);
            listings.sort(Comparator.comparing(GroupListing::groupId));
            return listings;
        });
    }

    @Override
    public CompletableFuture<Optional<ClassicGroupDescription>> describeClassicGroup(String groupId) {
        return runtime.read(partitionFor(groupId), shard -> shard.describeClassicGroup(groupId));
    }

    @Override
    public CompletableFuture<Optional<ConsumerGroupDescription>> describeConsumerGroup(String groupId) {
        return runtime.read(partitionFor(groupId), shard -> shard.consumer.describe(groupId));
    }

    @Override
    public CompletableFuture<Map<String, BrokerError>> deleteGroups(Collection<String> groupIds) {
        Map<String, CompletableFuture<BrokerError>> deletions = new LinkedHashMap<>();
        for (String groupId : groupIds) {
            deletions.computeIfAbsent(groupId, this::deleteGroup);
        }
        return CompletableFuture.allOf(deletions.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, BrokerError> results = new LinkedHashMap<>();
            deletions.forEach((groupId, deletion) -> results.put(groupId, deletion.join()));
            return results;
        });
    }

    /** Deletes an empty group, with tombstones for each of its offsets, committed or pending, and for the group. */
    private CompletableFuture<BrokerError> deleteGroup(String groupId) {
        return runtime.write(partitionFor(groupId), shard -> {
            BrokerError error = shard.consumer.contains(groupId) ? shard.consumer.delete(groupId)
                    : shard.classic.delete(groupId);
            if (error == BrokerError.GROUP_ID_NOT_FOUND && shard.offsets.hasOffsets(groupId)) {
                error = BrokerError.NONE;
            }
            if (error != BrokerError.NONE) {
                return shard.result(List.of(), error);
            }
            Set<TopicPartition> partitions = new HashSet<>(shard.offsets.committed(groupId).keySet());
            partitions.addAll(shard.offsets.pendingPartitions(groupId));
            List<GroupRecord> tombstones = new ArrayList<>();
            partitions.forEach(partition -> tombstones.add(new GroupRecord.OffsetTombstone(groupId, partition)));
            // the group's own tombstones come with its removal
            return shard.result(tombstones, BrokerError.NONE);
        }).handle((error, failure) -> failure == null ? error : writeError(groupId, failure));
    }

    /**
     * Runs a membership operation on the group's shard, answered once the records of the changes it made are
     * committed; a shard loading or gone fails the future.
     */
    private <T> CompletableFuture<T> onGroup(String groupId, Function<GroupShard, T> operation) {
        return runtime.write(partitionFor(groupId), shard -> shard.result(List.of(), operation.apply(shard)));
    }

    private static Map<TopicPartition, BrokerError> failAll(String groupId, Collection<TopicPartition> partitions,
                                                            Throwable failure) {
        BrokerError error = writeError(groupId, failure);
        Map<TopicPartition, BrokerError> results = new LinkedHashMap<>();
        partitions.forEach(partition -> results.put(partition, error));
        return results;
    }

    private static Map<TopicPartition, BrokerError> failAll(String groupId,
                                                            Map<TopicPartition, CommittedOffset> offsets,
                                                            Throwable failure) {
        return failAll(groupId, offsets.keySet(), failure);
    }

    /**
     * The answer to a failed operation on a group: the runtime's error, which already tells the client what to do
     * (find the coordinator again, retry, or hear that its producer was fenced), as Kafka's coordinator does.
     */
    private static BrokerError writeError(String groupId, Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof BrokerException e) {
            return e.error();
        }
        LOG.warn("An operation on group {} failed", groupId, cause);
        return BrokerError.COORDINATOR_NOT_AVAILABLE;
    }

    /** Unloads every shard, answering waiting joins and syncs, then stops the coordinator's threads. */
    @Override
    public void close() {
        runtime.close();
        stopThreads.run();
    }
}
