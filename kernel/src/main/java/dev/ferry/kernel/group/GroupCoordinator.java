package dev.ferry.kernel.group;

import dev.ferry.kernel.async.DaemonThreads;
import dev.ferry.kernel.async.Failures;
import dev.ferry.kernel.group.classic.ClassicGroups;
import dev.ferry.kernel.group.consumer.ConsumerGroups;
import dev.ferry.kernel.group.offsets.OffsetStore;
import dev.ferry.kernel.partition.TransactionVerifier;
import dev.ferry.kernel.time.GroupTimer;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import dev.ferry.spi.broker.Topics;
import dev.ferry.spi.group.ClassicGroupDescription;
import dev.ferry.spi.group.CommittedOffset;
import dev.ferry.spi.group.ConsumerGroupDescription;
import dev.ferry.spi.group.ConsumerGroupHeartbeat;
import dev.ferry.spi.group.ConsumerGroupHeartbeatResult;
import dev.ferry.spi.group.GroupListing;
import dev.ferry.spi.group.GroupType;
import dev.ferry.spi.group.Groups;
import dev.ferry.spi.group.JoinGroup;
import dev.ferry.spi.group.JoinGroupResult;
import dev.ferry.spi.group.LeaveGroupResult;
import dev.ferry.spi.group.LeavingMember;
import dev.ferry.spi.group.OffsetCommit;
import dev.ferry.spi.group.TxnOffsetCommit;
import dev.ferry.spi.group.OffsetFetch;
import dev.ferry.spi.group.SyncGroup;
import dev.ferry.spi.group.SyncGroupResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's group coordinator: classic groups, consumer-protocol groups and their committed offsets behind the
 * one {@link Groups} service. A group id belongs to one kind of group at a time; a group that only holds offsets
 * (its members use {@code assign()}, or have all gone) shows as an empty classic group, as in Kafka.
 *
 * <p>Owns the timer thread both kinds of group schedule their timeouts on, and expires the offsets of groups
 * without members every {@code offsets.retention.check.interval.ms}.
 */
public final class GroupCoordinator implements Groups, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);
    private static final String EMPTY_STATE = "Empty";

    private final GroupCoordinatorConfig config;
    private final OffsetStore offsets;
    private final TransactionVerifier transactions;
    private final ScheduledExecutorService timer;
    private final ClassicGroups classic;
    private final ConsumerGroups consumer;

    private GroupCoordinator(GroupCoordinatorConfig config, OffsetStore offsets, Topics topics,
                             List<PartitionAssignor> assignors, TransactionVerifier transactions,
                             ScheduledExecutorService timer) {
        this.config = config;
        this.offsets = offsets;
        this.transactions = transactions;
        this.timer = timer;
        this.classic = new ClassicGroups(config.classic(), GroupTimer.on(timer));
        this.consumer = new ConsumerGroups(topics, assignors, config.consumer(), timer, classic::holdsWithMembers);
    }

    /**
     * Starts the coordinator over the offsets loaded at start, with its timer thread.
     *
     * @param assignors the consumer-protocol groups' assignors, the default first
     * @param transactions checks that a transactional offset commit belongs to an ongoing transaction
     */
    public static GroupCoordinator start(GroupCoordinatorConfig config, OffsetStore offsets, Topics topics,
                                         List<PartitionAssignor> assignors, TransactionVerifier transactions) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                DaemonThreads.named("ferry-group-timer"));
        // every heartbeat cancels and reschedules its member's session timeout: drop cancelled ones at once
        timer.setRemoveOnCancelPolicy(true);
        GroupCoordinator coordinator = new GroupCoordinator(config, offsets, topics, assignors, transactions, timer);
        coordinator.scheduleOffsetExpiry();
        return coordinator;
    }

    @Override
    public CompletableFuture<JoinGroupResult> joinGroup(JoinGroup request) {
        // as in Kafka, an empty consumer-protocol group gives its id up to a classic member
        if (consumer.contains(request.groupId())
                && consumer.delete(request.groupId()) == BrokerError.NON_EMPTY_GROUP) {
            return CompletableFuture.completedFuture(
                    JoinGroupResult.failed(BrokerError.INCONSISTENT_GROUP_PROTOCOL, request.memberId()));
        }
        return classic.join(request);
    }

    @Override
    public CompletableFuture<SyncGroupResult> syncGroup(SyncGroup request) {
        return classic.sync(request);
    }

    @Override
    public BrokerError heartbeat(String groupId, String memberId, Optional<String> groupInstanceId,
                                 int generationId) {
        return classic.heartbeat(groupId, memberId, groupInstanceId, generationId);
    }

    @Override
    public LeaveGroupResult leaveGroup(String groupId, List<LeavingMember> members) {
        return classic.leave(groupId, members);
    }

    @Override
    public CompletableFuture<ConsumerGroupHeartbeatResult> consumerGroupHeartbeat(ConsumerGroupHeartbeat request) {
        return consumer.heartbeat(request);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, BrokerError>> commitOffsets(OffsetCommit commit) {
        String groupId = commit.groupId();
        BrokerError groupError = validateOffsetCommit(groupId, commit.memberId(), commit.groupInstanceId(),
                commit.generationIdOrMemberEpoch());
        return commit(groupId, groupError, commit.offsets(), accepted -> offsets.commit(groupId, accepted));
    }

    /**
     * Kafka's TxnOffsetCommit: checked as an OffsetCommit is, except that a commit from outside group management
     * (an empty member id and generation -1, as before version 3) is taken whatever the group's state, a rebalance
     * does not hold a member's commit back, and a stale member epoch answers {@code ILLEGAL_GENERATION}.
     */
    @Override
    public CompletableFuture<Map<TopicPartition, BrokerError>> commitTransactionalOffsets(TxnOffsetCommit commit) {
        String groupId = commit.groupId();
        boolean outsideGroup = commit.memberId().isEmpty() && commit.generationIdOrMemberEpoch() == -1
                && commit.groupInstanceId().isEmpty();
        BrokerError checked = outsideGroup ? BrokerError.NONE : validateOffsetCommit(groupId, commit.memberId(),
                commit.groupInstanceId(), commit.generationIdOrMemberEpoch());
        BrokerError groupError = switch (checked) {
            case REBALANCE_IN_PROGRESS -> BrokerError.NONE;
            case STALE_MEMBER_EPOCH -> BrokerError.ILLEGAL_GENERATION;
            default -> checked;
        };
        if (groupError == BrokerError.NONE && !transactions.inTransaction(commit.transactionalId(), commit.producer(),
                offsets.partitionFor(groupId))) {
            // offsets no marker would settle would stay pending, or be settled by a later transaction's marker
            groupError = BrokerError.INVALID_TXN_STATE;
        }
        return commit(groupId, groupError, commit.offsets(),
                accepted -> offsets.commitTransactional(groupId, commit.producer(), accepted));
    }

    private BrokerError validateOffsetCommit(String groupId, String memberId, Optional<String> groupInstanceId,
                                             int generationIdOrMemberEpoch) {
        return consumer.contains(groupId)
                ? consumer.validateOffsetCommit(groupId, memberId, generationIdOrMemberEpoch)
                : classic.validateOffsetCommit(groupId, memberId, groupInstanceId, generationIdOrMemberEpoch);
    }

    /**
     * Writes the offsets the checks let through, stamped now: every partition fails with the group's error, and a
     * partition fails alone when its metadata is too large.
     */
    private CompletableFuture<Map<TopicPartition, BrokerError>> commit(
            String groupId, BrokerError groupError, Map<TopicPartition, CommittedOffset> requested,
            Function<Map<TopicPartition, CommittedOffset>, CompletableFuture<Void>> write) {
        Map<TopicPartition, BrokerError> results = new LinkedHashMap<>();
        if (groupError != BrokerError.NONE) {
            requested.keySet().forEach(partition -> results.put(partition, groupError));
            return CompletableFuture.completedFuture(results);
        }
        long nowMs = System.currentTimeMillis();
        Map<TopicPartition, CommittedOffset> accepted = new LinkedHashMap<>();
        requested.forEach((partition, offset) -> {
            if (offset.metadata() != null && offset.metadata().length() > config.offsetMetadataMaxBytes()) {
                results.put(partition, BrokerError.OFFSET_METADATA_TOO_LARGE);
            } else {
                accepted.put(partition, new CommittedOffset(offset.offset(), offset.leaderEpoch(), offset.metadata(),
                        nowMs));
            }
        });
        if (accepted.isEmpty()) {
            return CompletableFuture.completedFuture(results);
        }
        return write.apply(accepted).handle((done, failure) -> {
            BrokerError error = failure == null ? BrokerError.NONE : writeError(groupId, failure);
            accepted.keySet().forEach(partition -> results.put(partition, error));
            return results;
        });
    }

    @Override
    public Map<TopicPartition, CommittedOffset> committedOffsets(OffsetFetch query) {
        String groupId = query.groupId();
        if (query.memberId().isPresent() && consumer.contains(groupId)) {
            BrokerError error = consumer.validateOffsetFetch(groupId, query.memberId().get(), query.memberEpoch());
            if (error != BrokerError.NONE) {
                throw new BrokerException(error, "Member " + query.memberId().get() + " with epoch "
                        + query.memberEpoch() + " may not read the offsets of group " + groupId);
            }
        }
        Map<TopicPartition, CommittedOffset> committed = offsets.committed(groupId);
        if (query.partitions().isEmpty()) {
            return committed;
        }
        Map<TopicPartition, CommittedOffset> asked = new LinkedHashMap<>();
        for (TopicPartition partition : query.partitions().get()) {
            CommittedOffset offset = committed.get(partition);
            if (offset != null) {
                asked.put(partition, offset);
            }
        }
        return asked;
    }

    @Override
    public Set<TopicPartition> unstablePartitions(String groupId) {
        return offsets.pendingPartitions(groupId);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, BrokerError>> deleteOffsets(String groupId,
                                                                              Collection<TopicPartition> partitions) {
        Predicate<String> consumed;
        try {
            consumed = consumedTopics(groupId);
        } catch (BrokerException e) {
            return CompletableFuture.failedFuture(e);
        }
        Map<TopicPartition, BrokerError> results = new LinkedHashMap<>();
        List<TopicPartition> deletable = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            if (consumed.test(partition.topic())) {
                results.put(partition, BrokerError.GROUP_SUBSCRIBED_TO_TOPIC);
            } else {
                deletable.add(partition);
            }
        }
        if (deletable.isEmpty()) {
            return CompletableFuture.completedFuture(results);
        }
        return offsets.delete(groupId, deletable).handle((done, failure) -> {
            BrokerError error = failure == null ? BrokerError.NONE : writeError(groupId, failure);
            deletable.forEach(partition -> results.put(partition, error));
            return results;
        });
    }

    /** The topics whose offsets the group still needs, by Kafka's rules of OffsetDelete. */
    private Predicate<String> consumedTopics(String groupId) {
        if (consumer.contains(groupId)) {
            return consumer.subscribedTopics(groupId)::contains;
        }
        Optional<Predicate<String>> classicConsumed = classic.consumedTopics(groupId);
        if (classicConsumed.isPresent()) {
            return classicConsumed.get();
        }
        if (offsets.groupIds().contains(groupId)) {
            return topic -> false;
        }
        throw new BrokerException(BrokerError.GROUP_ID_NOT_FOUND, "Group " + groupId + " not found.");
    }

    @Override
    public List<GroupListing> listGroups() {
        List<GroupListing> listings = new ArrayList<>(classic.list());
        listings.addAll(consumer.list());
        Set<String> listed = new HashSet<>();
        listings.forEach(listing -> listed.add(listing.groupId()));
        for (String groupId : offsets.groupIds()) {
            if (!listed.contains(groupId)) {
                listings.add(new GroupListing(groupId, GroupType.CLASSIC, "", EMPTY_STATE));
            }
        }
        listings.sort(Comparator.comparing(GroupListing::groupId));
        return listings;
    }

    @Override
    public Optional<ClassicGroupDescription> describeClassicGroup(String groupId) {
        Optional<ClassicGroupDescription> description = classic.describe(groupId);
        if (description.isPresent() || consumer.contains(groupId) || !offsets.groupIds().contains(groupId)) {
            return description;
        }
        return Optional.of(new ClassicGroupDescription(groupId, EMPTY_STATE, "", "", List.of()));
    }

    @Override
    public Optional<ConsumerGroupDescription> describeConsumerGroup(String groupId) {
        return consumer.describe(groupId);
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

    private CompletableFuture<BrokerError> deleteGroup(String groupId) {
        BrokerError error = consumer.contains(groupId) ? consumer.delete(groupId) : classic.delete(groupId);
        if (error == BrokerError.GROUP_ID_NOT_FOUND && offsets.groupIds().contains(groupId)) {
            error = BrokerError.NONE;
        }
        if (error != BrokerError.NONE) {
            return CompletableFuture.completedFuture(error);
        }
        return offsets.deleteGroup(groupId).handle((done, failure) ->
                failure == null ? BrokerError.NONE : writeError(groupId, failure));
    }

    /**
     * Kafka's periodic clean-up: expires the offsets of groups without members, then drops the empty groups left
     * without offsets. Runs again an interval after each run ends, so that runs never overlap.
     */
    private void expireOffsets() {
        try {
            offsets.expire(System.currentTimeMillis(), config.offsetsRetentionMs(), this::emptySinceMs)
                    .whenComplete((emptied, failure) -> {
                        if (failure != null) {
                            LOG.warn("Offset expiry failed", failure);
                        }
                        removeEmptyGroupsWithoutOffsets();
                        scheduleOffsetExpiry();
                    });
        } catch (RuntimeException e) {
            LOG.error("Offset expiry failed", e);
            scheduleOffsetExpiry();
        }
    }

    private OptionalLong emptySinceMs(String groupId) {
        return consumer.contains(groupId) ? consumer.emptySinceMs(groupId) : classic.emptySinceMs(groupId);
    }

    private void removeEmptyGroupsWithoutOffsets() {
        Set<String> withOffsets = offsets.groupIds();
        classic.removeEmptyGroupsWithoutOffsets(withOffsets);
        for (GroupListing group : consumer.list()) {
            if (group.state().equals(EMPTY_STATE) && !withOffsets.contains(group.groupId())) {
                consumer.delete(group.groupId());
            }
        }
    }

    private void scheduleOffsetExpiry() {
        try {
            timer.schedule(this::expireOffsets, config.offsetsRetentionCheckIntervalMs(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the coordinator is closed
        }
    }

    /**
     * The answer to a failed write of {@code __consumer_offsets}, as Kafka gives it: the client retries after
     * {@code COORDINATOR_NOT_AVAILABLE}, except for a batch the log refused for its size or form.
     */
    private static BrokerError writeError(String groupId, Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof BrokerException e) {
            switch (e.error()) {
                // a fenced or misbehaving transactional producer must hear it, as Kafka passes these through
                case INVALID_PRODUCER_EPOCH, INVALID_TXN_STATE, INVALID_RECORD -> {
                    return e.error();
                }
                case MESSAGE_TOO_LARGE, CORRUPT_MESSAGE, INVALID_REQUEST -> {
                    LOG.warn("Writing the offsets of group {} failed", groupId, cause);
                    return BrokerError.UNKNOWN_SERVER_ERROR;
                }
                default -> {
                }
            }
        }
        LOG.warn("Writing the offsets of group {} failed", groupId, cause);
        return BrokerError.COORDINATOR_NOT_AVAILABLE;
    }

    /** Stops the timers and answers every waiting join and sync with {@code COORDINATOR_NOT_AVAILABLE}. */
    @Override
    public void close() {
        timer.shutdownNow();
        classic.close();
    }
}
