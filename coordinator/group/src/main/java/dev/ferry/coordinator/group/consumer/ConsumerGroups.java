package dev.ferry.coordinator.group.consumer;

import static dev.ferry.services.group.ConsumerGroupHeartbeat.LEAVE_EPOCH;
import static dev.ferry.services.group.ConsumerGroupHeartbeat.LEAVE_STATIC_EPOCH;

import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.coordinator.group.time.GroupTimer;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.Topics;
import dev.ferry.services.group.ConsumerGroupDescription;
import dev.ferry.services.group.ConsumerGroupHeartbeat;
import dev.ferry.services.group.ConsumerGroupHeartbeatResult;
import dev.ferry.services.group.GroupListing;
import dev.ferry.spi.assignor.PartitionAssignor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's consumer-protocol groups (KIP-848): the server side of ConsumerGroupHeartbeat, with assignments
 * computed by {@link PartitionAssignor}s, and what offset commits and the administration of groups need to know
 * of them. Used by one thread, its shard's: no call blocks, and the session and rebalance timeouts run on the
 * shard's timer.
 *
 * <p>Groups are durable as in Kafka: each change is written to {@code __consumer_offsets} as Kafka's
 * ConsumerGroup* records ({@link #takeChanges}), and a restart loads the groups with their members, epochs and
 * assignments, so members carry on without a rebalance.
 */
public final class ConsumerGroups {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroups.class);

    private final Map<String, ConsumerGroup> groups = new HashMap<>();
    /** Groups being read from the log, built once the load is done. */
    private final Map<String, LoadedConsumerGroup> loading = new HashMap<>();
    /** Groups changed since their records were last taken, deleted ones included. */
    private final Set<ConsumerGroup> changed = new LinkedHashSet<>();
    private final ConsumerGroupContext context;
    private final Predicate<String> classicGroupInUse;

    /**
     * @param assignors the assignors of {@code group.consumer.assignors}; the first is the default
     * @param timer runs the members' session and rebalance timeouts
     * @param classicGroupExists whether a classic group with members holds a group id, which a consumer-protocol
     *     member then cannot use (Kafka's online upgrade of a classic group is not done). An empty classic group
     *     should answer false: as in Kafka, a joining member then takes the id over, and the classic side should
     *     drop its group once {@link #contains} says so. Called without any lock of this class held.
     */
    public ConsumerGroups(Topics topics, List<PartitionAssignor> assignors, ConsumerGroupConfig config,
                          GroupTimer timer, Predicate<String> classicGroupExists) {
        this.context = new ConsumerGroupContext(topics, new ServerAssignors(assignors), config, timer);
        this.classicGroupInUse = classicGroupExists;
    }

    /** Takes in a consumer-group record read from the log; the groups are built by {@link #onLoaded}. */
    public void load(GroupRecord record) {
        String groupId = record.groupId();
        if (!loading.computeIfAbsent(groupId, LoadedConsumerGroup::new).apply(record)) {
            loading.remove(groupId);
        }
    }

    /** The log is read: the groups it holds serve their members, whose sessions start now. */
    public void onLoaded() {
        for (LoadedConsumerGroup records : loading.values()) {
            groups.put(records.groupId(), ConsumerGroup.loaded(records, context, changed::add));
        }
        loading.clear();
    }

    /** The records of every change since the last call: the groups' new state, and tombstones for what went. */
    public List<GroupRecord> takeChanges() {
        List<GroupRecord> records = new ArrayList<>();
        changed.forEach(group -> records.addAll(group.takeChanges()));
        changed.clear();
        return records;
    }

    /**
     * Serves a heartbeat: a join (epoch 0; an empty member id gets one generated), a leave (-1, or -2 for a static
     * member that keeps its place until its session times out), or a regular heartbeat. Completes at once.
     */
    public CompletableFuture<ConsumerGroupHeartbeatResult> heartbeat(ConsumerGroupHeartbeat request) {
        try {
            HeartbeatValidator.validate(request, context.assignors().names());
            boolean leaving = request.memberEpoch() == LEAVE_EPOCH || request.memberEpoch() == LEAVE_STATIC_EPOCH;
            return CompletableFuture.completedFuture(leaving
                    ? inGroup(request, false, group -> group.leave(request))
                    : inGroup(request, request.memberEpoch() == 0, group -> group.heartbeat(request)));
        } catch (BrokerException e) {
            return CompletableFuture.completedFuture(ConsumerGroupHeartbeatResult.failed(e.error(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Consumer group heartbeat {} failed", request, e);
            return CompletableFuture.completedFuture(
                    ConsumerGroupHeartbeatResult.failed(BrokerError.UNKNOWN_SERVER_ERROR, e.toString()));
        }
    }

    /** Whether a consumer-protocol group holds the id, even an empty one. */
    public boolean contains(String groupId) {
        return groups.containsKey(groupId);
    }

    /**
     * Kafka's check of an OffsetCommit: a member commits with its current epoch; with a negative epoch anyone may
     * commit while the group has no members.
     *
     * @return {@link BrokerError#NONE} when allowed, {@link BrokerError#UNKNOWN_MEMBER_ID},
     *     {@link BrokerError#STALE_MEMBER_EPOCH}, or {@link BrokerError#GROUP_ID_NOT_FOUND} for a group this does not
     *     hold
     */
    public BrokerError validateOffsetCommit(String groupId, String memberId, int memberEpoch) {
        return group(groupId).map(group -> group.validateOffsetCommit(memberId, memberEpoch))
                .orElse(BrokerError.GROUP_ID_NOT_FOUND);
    }

    /**
     * Kafka's check of an OffsetFetch: without a member id and with a negative epoch anyone may read; a member
     * reads with its current epoch.
     *
     * @return as {@link #validateOffsetCommit}
     */
    public BrokerError validateOffsetFetch(String groupId, String memberId, int memberEpoch) {
        return group(groupId).map(group -> group.validateOffsetFetch(memberId, memberEpoch))
                .orElse(BrokerError.GROUP_ID_NOT_FOUND);
    }

    /** Every consumer-protocol group, by group id. */
    public List<GroupListing> list() {
        return groups.values().stream()
                .flatMap(group -> group.listing().stream())
                .sorted(Comparator.comparing(GroupListing::groupId))
                .toList();
    }

    public Optional<ConsumerGroupDescription> describe(String groupId) {
        return group(groupId).flatMap(ConsumerGroup::describe);
    }

    /** Since when the group has had no members; empty while it has members, and for a group this does not hold. */
    public OptionalLong emptySinceMs(String groupId) {
        return group(groupId).map(ConsumerGroup::emptySinceMs).orElse(OptionalLong.empty());
    }

    /** The union of the members' subscriptions: topic names as given, and the topics their expressions match. */
    public Set<String> subscribedTopics(String groupId) {
        return group(groupId).map(ConsumerGroup::subscribedTopics).orElse(Set.of());
    }

    /**
     * Deletes an empty group.
     *
     * @return {@link BrokerError#NONE} (removed), {@link BrokerError#GROUP_ID_NOT_FOUND} or
     *     {@link BrokerError#NON_EMPTY_GROUP}
     */
    public BrokerError delete(String groupId) {
        ConsumerGroup group = groups.get(groupId);
        if (group == null) {
            return BrokerError.GROUP_ID_NOT_FOUND;
        }
        BrokerError deleted = group.delete();
        if (group.isDeleted()) {
            groups.remove(groupId, group);
        }
        return deleted;
    }

    private Optional<ConsumerGroup> group(String groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    /** Runs a call on the request's group, again on a fresh lookup when the group was deleted meanwhile. */
    private ConsumerGroupHeartbeatResult inGroup(ConsumerGroupHeartbeat request, boolean createIfMissing,
                                                 Function<ConsumerGroup, Optional<ConsumerGroupHeartbeatResult>> call) {
        String groupId = request.groupId();
        while (true) {
            ConsumerGroup group = groups.get(groupId);
            if (group == null) {
                throwIfMissing(request, createIfMissing);
                group = groups.computeIfAbsent(groupId, id -> new ConsumerGroup(id, context, changed::add));
            }
            try {
                Optional<ConsumerGroupHeartbeatResult> result = call.apply(group);
                if (result.isPresent()) {
                    return result.get();
                }
            } finally {
                if (group.isDeleted()) {
                    groups.remove(groupId, group);
                }
            }
        }
    }

    /**
     * Kafka answers GROUP_ID_NOT_FOUND to a member of a group it does not know, which the Java client takes as
     * fatal; a member of a group that is gone (deleted while the member was away) is told to join again instead.
     */
    private void throwIfMissing(ConsumerGroupHeartbeat request, boolean joining) {
        String groupId = request.groupId();
        if (classicGroupInUse.test(groupId)) {
            throw new BrokerException(BrokerError.GROUP_ID_NOT_FOUND, joining
                    ? "Cannot upgrade classic group " + groupId + " to consumer group because online upgrade is"
                    + " disabled."
                    : "Group " + groupId + " is not a consumer group.");
        }
        if (!joining) {
            throw new BrokerException(BrokerError.UNKNOWN_MEMBER_ID,
                    "Member " + request.memberId() + " is not a member of group " + groupId + ".");
        }
    }
}
