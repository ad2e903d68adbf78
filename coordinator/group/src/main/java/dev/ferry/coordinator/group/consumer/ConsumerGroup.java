package dev.ferry.coordinator.group.consumer;

import static dev.ferry.services.group.ConsumerGroupHeartbeat.LEAVE_STATIC_EPOCH;

import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.group.ConsumerGroupDescription;
import dev.ferry.services.group.ConsumerGroupHeartbeat;
import dev.ferry.services.group.ConsumerGroupHeartbeatResult;
import dev.ferry.services.group.GroupListing;
import dev.ferry.services.group.GroupType;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.assignor.PartitionAssignor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer-protocol group (KIP-848) and its state machine, as Kafka's GroupMetadataManager runs it; the large
 * class of this package.
 *
 * <p>A change of members, of subscriptions or of the subscribed topics' partitions bumps the group epoch; the next
 * heartbeat then computes a new target assignment with the group's assignor, and each member moves towards its
 * target one heartbeat at a time ({@link Reconciliation}), never getting a partition another member still owns.
 * A member that stays silent for the session timeout, or does not give up partitions within its rebalance timeout,
 * is removed, which bumps the epoch again.
 *
 * <p>Used by one thread, its shard's, timeouts included. Once deleted, the group answers nothing (empty results)
 * and its callers look the group id up again.
 */
final class ConsumerGroup {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroup.class);
    private static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final String groupId;
    private final ConsumerGroupContext context;
    private final Map<String, ConsumerGroupMember> members = new TreeMap<>();
    /** Static members' ids by instance id. */
    private final Map<String, String> staticMembers = new HashMap<>();
    /** The member that owns each partition assigned or pending revocation. */
    private final Map<TopicPartition, String> owners = new HashMap<>();
    private final MemberTimeouts sessionTimeouts;
    private final MemberTimeouts rebalanceTimeouts;
    private int groupEpoch;
    /** The subscribed topics as the group epoch knows them. */
    private Map<String, TopicMetadata> subscribedTopics = Map.of();
    private TargetAssignment target = TargetAssignment.NONE;
    private long emptySinceMs;
    private boolean deleted;
    private final Consumer<ConsumerGroup> changed;
    /** The group's records as the log holds them, by what they describe: see {@link #image()}. */
    private Map<String, GroupRecord> written = Map.of();

    /** @param changed told of each change, whose records {@link #takeChanges} then gives */
    ConsumerGroup(String groupId, ConsumerGroupContext context, Consumer<ConsumerGroup> changed) {
        this.groupId = groupId;
        this.context = context;
        this.changed = changed;
        this.sessionTimeouts = new MemberTimeouts(context.timer());
        this.rebalanceTimeouts = new MemberTimeouts(context.timer());
    }

    /**
     * The group as its records in the log left it: its epoch, its members with their assignments, and its target
     * assignment. Each member's session starts now, as after a heartbeat.
     */
    static ConsumerGroup loaded(LoadedConsumerGroup records, ConsumerGroupContext context,
                                Consumer<ConsumerGroup> changed) {
        ConsumerGroup group = new ConsumerGroup(records.groupId(), context, changed);
        group.groupEpoch = records.epoch();
        group.target = new TargetAssignment(records.targetEpoch(), records.targets());
        records.members().forEach(group::put);
        group.subscribedTopics = new SubscriptionResolver(context.topics()).metadata(group.members.values());
        for (ConsumerGroupMember member : group.members.values()) {
            String memberId = member.memberId();
            group.sessionTimeouts.schedule(memberId, context.config().sessionTimeoutMs(),
                    () -> group.expireSession(memberId));
            // as Kafka: a member still to revoke has its rebalance timeout again, else it could hold them forever
            if (member.assignment().state() == MemberState.UNREVOKED_PARTITIONS) {
                int epoch = member.memberEpoch();
                group.rebalanceTimeouts.schedule(memberId, Math.max(0, member.rebalanceTimeoutMs()),
                        () -> group.expireRebalance(memberId, epoch));
            }
        }
        group.written = group.image();
        return group;
    }

    /**
     * The records that bring the log from what it holds of the group to the group as it is: tombstones for what
     * went, then what is new or changed, in Kafka's order.
     */
    List<GroupRecord> takeChanges() {
        Map<String, GroupRecord> now = deleted ? Map.of() : image();
        List<GroupRecord> changes = new ArrayList<>();
        written.entrySet().stream()
                .filter(entry -> !now.containsKey(entry.getKey()))
                .sorted(Map.Entry.comparingByKey(ConsumerGroupImage.TOMBSTONE_ORDER))
                .forEach(entry -> changes.add(ConsumerGroupImage.tombstone(entry.getValue())));
        now.forEach((key, record) -> {
            if (!record.equals(written.get(key))) {
                changes.add(record);
            }
        });
        written = now;
        return changes;
    }

    private Map<String, GroupRecord> image() {
        return ConsumerGroupImage.of(groupId, groupEpoch, members.values(), target);
    }

    /**
     * A join (epoch 0) or a heartbeat of a member.
     *
     * @return empty when the group was deleted
     * @throws BrokerException with the error the member is told
     */
    Optional<ConsumerGroupHeartbeatResult> heartbeat(ConsumerGroupHeartbeat request) {
        if (deleted) {
            return Optional.empty();
        }
        try {
            return Optional.of(serve(request));
        } finally {
            if (groupEpoch == 0) {
                // no member ever joined: the failed join leaves no group behind
                delete();
            }
        }
    }

    /**
     * A member leaving (epoch -1), or a static member leaving for now (epoch -2).
     *
     * @return empty when the group was deleted
     * @throws BrokerException with the error the member is told
     */
    Optional<ConsumerGroupHeartbeatResult> leave(ConsumerGroupHeartbeat request) {
        if (deleted) {
            return Optional.empty();
        }
        String memberId = request.memberId();
        Optional<String> instanceId = request.groupInstanceId();
        if (instanceId.isEmpty()) {
            if (!members.containsKey(memberId)) {
                throw unknownMember(memberId);
            }
            LOG.info("[GroupId {}] Member {} left the consumer group.", groupId, memberId);
            remove(memberId);
        } else if (request.memberEpoch() == LEAVE_STATIC_EPOCH) {
            ConsumerGroupMember member = staticMemberOrThrow(instanceId.get(), memberId);
            LOG.info("[GroupId {}] Static member {} with instance id {} temporarily left the consumer group.",
                    groupId, memberId, instanceId.get());
            rebalanceTimeouts.cancel(memberId);
            put(member.withAssignment(member.assignment().leftTemporarily()));
        } else {
            staticMemberOrThrow(instanceId.get(), memberId);
            LOG.info("[GroupId {}] Static member {} with instance id {} left the consumer group.",
                    groupId, memberId, instanceId.get());
            remove(memberId);
        }
        return Optional.of(new ConsumerGroupHeartbeatResult(BrokerError.NONE, Optional.empty(), memberId,
                request.memberEpoch(), 0, Optional.empty()));
    }

    boolean isDeleted() {
        return deleted;
    }

    /** @return {@link BrokerError#NONE}, {@link BrokerError#NON_EMPTY_GROUP} or {@link BrokerError#GROUP_ID_NOT_FOUND} */
    BrokerError delete() {
        if (deleted) {
            return BrokerError.GROUP_ID_NOT_FOUND;
        }
        if (!members.isEmpty()) {
            return BrokerError.NON_EMPTY_GROUP;
        }
        deleted = true;
        changed.accept(this);
        sessionTimeouts.cancelAll();
        rebalanceTimeouts.cancelAll();
        return BrokerError.NONE;
    }

    Optional<GroupListing> listing() {
        if (deleted) {
            return Optional.empty();
        }
        return Optional.of(new GroupListing(groupId, GroupType.CONSUMER, "consumer", state().toString()));
    }

    Optional<ConsumerGroupDescription> describe() {
        if (deleted) {
            return Optional.empty();
        }
        List<ConsumerGroupDescription.Member> described = members.values().stream()
                .map(member -> new ConsumerGroupDescription.Member(member.memberId(), member.instanceId(),
                        member.rackId(), member.memberEpoch(), member.clientId(), member.clientHost(),
                        member.subscribedTopicNames(), member.subscribedTopicRegex(),
                        sorted(member.assignment().assigned()), sorted(target.of(member.memberId()))))
                .toList();
        return Optional.of(new ConsumerGroupDescription(groupId, state().toString(), groupEpoch, target.epoch(),
                context.assignors().preferred(members.values()).name(), described));
    }

    /** Empty while the group has members (or once it is deleted). */
    OptionalLong emptySinceMs() {
        return deleted || !members.isEmpty() ? OptionalLong.empty() : OptionalLong.of(emptySinceMs);
    }

    /** The topics the members subscribe to, by name (existing or not) or by regular expression. */
    Set<String> subscribedTopics() {
        SubscriptionResolver resolver = new SubscriptionResolver(context.topics());
        Set<String> topics = new TreeSet<>();
        members.values().forEach(member -> topics.addAll(resolver.subscribedTopics(member)));
        return topics;
    }

    /** Kafka's check of an OffsetCommit against a consumer-protocol group. */
    BrokerError validateOffsetCommit(String memberId, int memberEpoch) {
        if (deleted) {
            return BrokerError.GROUP_ID_NOT_FOUND;
        }
        if (memberEpoch < 0 && members.isEmpty()) {
            // from the admin client, or a consumer that assigns its partitions itself
            return BrokerError.NONE;
        }
        return validateMemberEpoch(memberId, memberEpoch);
    }

    /** Kafka's check of an OffsetFetch that names a member of a consumer-protocol group. */
    BrokerError validateOffsetFetch(String memberId, int memberEpoch) {
        if (deleted) {
            return BrokerError.GROUP_ID_NOT_FOUND;
        }
        if ((memberId == null || memberId.isEmpty()) && memberEpoch < 0) {
            return BrokerError.NONE;
        }
        return validateMemberEpoch(memberId, memberEpoch);
    }

    private BrokerError validateMemberEpoch(String memberId, int memberEpoch) {
        ConsumerGroupMember member = members.get(memberId);
        if (member == null) {
            return BrokerError.UNKNOWN_MEMBER_ID;
        }
        return member.memberEpoch() == memberEpoch ? BrokerError.NONE : BrokerError.STALE_MEMBER_EPOCH;
    }

    private ConsumerGroupHeartbeatResult serve(ConsumerGroupHeartbeat request) {
        String requestedId = Objects.requireNonNullElse(request.memberId(), "");
        throwIfFull(requestedId);
        String memberId = requestedId.isEmpty() ? UUID.randomUUID().toString() : requestedId;
        ConsumerGroupMember member = request.groupInstanceId().isPresent()
                ? staticMember(request, memberId, request.groupInstanceId().get())
                : dynamicMember(request, memberId);
        ConsumerGroupMember updated = member.updatedBy(request);
        Optional<String> replaced = updated.instanceId().map(staticMembers::get).filter(id -> !id.equals(memberId));

        Map<String, ConsumerGroupMember> nextMembers = new TreeMap<>(members);
        replaced.ifPresent(nextMembers::remove);
        nextMembers.put(memberId, updated);
        SubscriptionResolver resolver = new SubscriptionResolver(context.topics());
        Map<String, TopicMetadata> topics = resolver.metadata(nextMembers.values());
        boolean bump = groupEpoch == 0 || !updated.hasSameSubscriptionAs(member) || !topics.equals(subscribedTopics);
        int nextEpoch = bump ? groupEpoch + 1 : groupEpoch;
        TargetAssignment nextTarget = replaced.map(id -> target.renamed(id, memberId)).orElse(target);
        if (nextEpoch > nextTarget.epoch()) {
            nextTarget = computeTarget(nextEpoch, nextMembers, resolver, topics, nextTarget);
        }

        // nothing fails from here on: the group changes
        replaced.ifPresent(this::forget);
        if (bump) {
            LOG.info("[GroupId {}] Bumped group epoch to {}.", groupId, nextEpoch);
        }
        groupEpoch = nextEpoch;
        subscribedTopics = topics;
        target = nextTarget;
        ConsumerGroupMember reconciled = reconcile(updated, request.ownedPartitions());
        put(reconciled);
        sessionTimeouts.schedule(memberId, context.config().sessionTimeoutMs(), () -> expireSession(memberId));
        return answer(request, member, reconciled);
    }

    private void throwIfFull(String memberId) {
        int maxSize = context.config().maxSize();
        if (members.size() >= maxSize && (memberId.isEmpty() || !members.containsKey(memberId))) {
            throw new BrokerException(BrokerError.GROUP_MAX_SIZE_REACHED,
                    "The consumer group has reached its maximum capacity of " + maxSize + " members.");
        }
    }

    private ConsumerGroupMember dynamicMember(ConsumerGroupHeartbeat request, String memberId) {
        ConsumerGroupMember member = members.get(memberId);
        if (member != null) {
            throwIfEpochInvalid(member, request);
            return member;
        }
        if (request.memberEpoch() != 0) {
            throw unknownMember(memberId);
        }
        LOG.info("[GroupId {}] Member {} joins the consumer group.", groupId, memberId);
        return ConsumerGroupMember.joining(memberId);
    }

    private ConsumerGroupMember staticMember(ConsumerGroupHeartbeat request, String memberId, String instanceId) {
        if (request.memberEpoch() != 0) {
            ConsumerGroupMember member = staticMemberOrThrow(instanceId, memberId);
            throwIfEpochInvalid(member, request);
            return member;
        }
        String currentId = staticMembers.get(instanceId);
        if (currentId == null) {
            LOG.info("[GroupId {}] Static member {} with instance id {} joins the consumer group.",
                    groupId, memberId, instanceId);
            return members.getOrDefault(memberId, ConsumerGroupMember.joining(memberId));
        }
        ConsumerGroupMember current = members.get(currentId);
        if (current.memberEpoch() != LEAVE_STATIC_EPOCH) {
            throw new BrokerException(BrokerError.UNRELEASED_INSTANCE_ID, "Static member " + memberId
                    + " with instance id " + instanceId + " cannot join the group because the instance id is owned"
                    + " by " + currentId + " member.");
        }
        LOG.info("[GroupId {}] Static member with instance id {} re-joins the consumer group. Created a new member"
                + " {} to replace the existing member {}.", groupId, instanceId, memberId, currentId);
        return current.replacedBy(memberId);
    }

    private BrokerException unknownMember(String memberId) {
        return new BrokerException(BrokerError.UNKNOWN_MEMBER_ID,
                "Member " + memberId + " is not a member of group " + groupId + ".");
    }

    private ConsumerGroupMember staticMemberOrThrow(String instanceId, String memberId) {
        String currentId = staticMembers.get(instanceId);
        if (currentId == null) {
            throw new BrokerException(BrokerError.UNKNOWN_MEMBER_ID, "Instance id " + instanceId + " is unknown.");
        }
        if (!currentId.equals(memberId)) {
            throw new BrokerException(BrokerError.FENCED_INSTANCE_ID, "Static member " + memberId
                    + " with instance id " + instanceId + " was fenced by member " + currentId + ".");
        }
        return members.get(currentId);
    }

    /**
     * A member must heartbeat with its epoch, or with the one before if it still owns only partitions of its
     * assignment: the answer that moved it on may have been lost.
     */
    private static void throwIfEpochInvalid(ConsumerGroupMember member, ConsumerGroupHeartbeat request) {
        int received = request.memberEpoch();
        MemberAssignment assignment = member.assignment();
        if (received > assignment.memberEpoch()) {
            throw fenced("greater", received, assignment.memberEpoch());
        }
        if (received < assignment.memberEpoch() && (received != assignment.previousMemberEpoch()
                || !request.ownedPartitions().map(assignment.assigned()::containsAll).orElse(false))) {
            throw fenced("smaller", received, assignment.memberEpoch());
        }
    }

    private static BrokerException fenced(String comparison, int received, int known) {
        return new BrokerException(BrokerError.FENCED_MEMBER_EPOCH, "The consumer group member has a " + comparison
                + " member epoch (" + received + ") than the one known by the group coordinator (" + known
                + "). The member must abandon all its partitions and rejoin.");
    }

    private TargetAssignment computeTarget(int epoch, Map<String, ConsumerGroupMember> nextMembers,
                                           SubscriptionResolver resolver, Map<String, TopicMetadata> topics,
                                           TargetAssignment current) {
        PartitionAssignor assignor = context.assignors().preferred(nextMembers.values());
        try {
            TargetAssignment computed = TargetAssignmentBuilder.build(groupId, epoch, assignor, nextMembers,
                    resolver, topics, current);
            LOG.info("[GroupId {}] Computed a new target assignment for epoch {} with '{}' assignor.",
                    groupId, epoch, assignor.name());
            return computed;
        } catch (BrokerException e) {
            LOG.error("[GroupId {}] {}", groupId, e.getMessage(), e.getCause());
            throw e;
        }
    }

    private ConsumerGroupMember reconcile(ConsumerGroupMember member, Optional<List<TopicPartition>> reportedOwned) {
        MemberAssignment current = member.assignment();
        if (current.isReconciledTo(target.epoch())) {
            return member;
        }
        String memberId = member.memberId();
        MemberAssignment next = Reconciliation.next(current, target.epoch(), target.of(memberId),
                partition -> isOwnedByAnother(partition, memberId), reportedOwned);
        if (next.equals(current)) {
            return member;
        }
        if (next.state() == MemberState.UNREVOKED_PARTITIONS) {
            int epoch = next.memberEpoch();
            rebalanceTimeouts.schedule(memberId, Math.max(0, member.rebalanceTimeoutMs()),
                    () -> expireRebalance(memberId, epoch));
        } else {
            rebalanceTimeouts.cancel(memberId);
        }
        LOG.debug("[GroupId {}] Member {} new assignment state: epoch={}, previousEpoch={}, state={}, "
                        + "assignedPartitions={} and revokedPartitions={}.", groupId, memberId, next.memberEpoch(),
                next.previousMemberEpoch(), next.state(), sorted(next.assigned()), sorted(next.pendingRevocation()));
        return member.withAssignment(next);
    }

    private boolean isOwnedByAnother(TopicPartition partition, String memberId) {
        String owner = owners.get(partition);
        return owner != null && !owner.equals(memberId);
    }

    private ConsumerGroupHeartbeatResult answer(ConsumerGroupHeartbeat request, ConsumerGroupMember before,
                                                ConsumerGroupMember after) {
        // Kafka's rule: the assignment goes with a full request (a join, or one carrying every field) or a change
        boolean fullRequest = request.memberEpoch() == 0 || (request.rebalanceTimeoutMs() != -1
                && request.subscribedTopicNames().isPresent() && request.ownedPartitions().isPresent());
        Set<TopicPartition> assigned = after.assignment().assigned();
        Optional<List<TopicPartition>> assignment = fullRequest || !assigned.equals(before.assignment().assigned())
                ? Optional.of(sorted(assigned))
                : Optional.empty();
        return new ConsumerGroupHeartbeatResult(BrokerError.NONE, Optional.empty(), after.memberId(),
                after.memberEpoch(), context.config().heartbeatIntervalMs(), assignment);
    }

    private void expireSession(String memberId) {
        if (members.containsKey(memberId)) {
            LOG.info("[GroupId {}] Member {} fenced from the group because its session expired.", groupId, memberId);
            remove(memberId);
        }
    }

    private void expireRebalance(String memberId, int memberEpoch) {
        ConsumerGroupMember member = members.get(memberId);
        if (member != null && member.memberEpoch() == memberEpoch) {
            LOG.info("[GroupId {}] Member {} fenced from the group because it failed to transition from epoch {}"
                    + " within {}ms.", groupId, memberId, memberEpoch, member.rebalanceTimeoutMs());
            remove(memberId);
        }
    }

    private void put(ConsumerGroupMember member) {
        changed.accept(this);
        String memberId = member.memberId();
        ConsumerGroupMember previous = members.put(memberId, member);
        if (previous != null) {
            previous.assignment().owned().forEach(partition -> owners.remove(partition, memberId));
        }
        member.assignment().owned().forEach(partition -> owners.put(partition, memberId));
        member.instanceId().ifPresent(instanceId -> staticMembers.put(instanceId, memberId));
    }

    /** Takes a member out of the group, freeing its partitions, and bumps the group epoch. */
    private void remove(String memberId) {
        forget(memberId);
        target = target.without(memberId);
        groupEpoch++;
        subscribedTopics = new SubscriptionResolver(context.topics()).metadata(members.values());
        LOG.info("[GroupId {}] Bumped group epoch to {}.", groupId, groupEpoch);
    }

    /** Takes a member out of the group, leaving its epoch and target alone (a static member being replaced). */
    private void forget(String memberId) {
        changed.accept(this);
        ConsumerGroupMember member = members.remove(memberId);
        member.assignment().owned().forEach(partition -> owners.remove(partition, memberId));
        member.instanceId().ifPresent(instanceId -> staticMembers.remove(instanceId, memberId));
        sessionTimeouts.cancel(memberId);
        rebalanceTimeouts.cancel(memberId);
        if (members.isEmpty()) {
            emptySinceMs = context.timer().nowMs();
        }
    }

    private ConsumerGroupState state() {
        if (members.isEmpty()) {
            return ConsumerGroupState.EMPTY;
        }
        if (groupEpoch > target.epoch()) {
            return ConsumerGroupState.ASSIGNING;
        }
        boolean reconciled = members.values().stream()
                .allMatch(member -> member.assignment().isReconciledTo(target.epoch()));
        return reconciled ? ConsumerGroupState.STABLE : ConsumerGroupState.RECONCILING;
    }

    private static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        return partitions.stream().sorted(PARTITION_ORDER).toList();
    }
}
