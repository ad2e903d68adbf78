package dev.ferry.coordinator.group.classic;

import static dev.ferry.coordinator.group.classic.ClassicGroupState.COMPLETING_REBALANCE;
import static dev.ferry.coordinator.group.classic.ClassicGroupState.DEAD;
import static dev.ferry.coordinator.group.classic.ClassicGroupState.EMPTY;
import static dev.ferry.coordinator.group.classic.ClassicGroupState.PREPARING_REBALANCE;

import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.coordinator.group.time.GroupTimer;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.GroupProtocol;
import dev.ferry.services.group.JoinGroupResult;
import dev.ferry.services.group.SyncGroupResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A classic group's membership and generation, as Kafka's ClassicGroup keeps them. The answers it settles wait for
 * the records of the operation under way (see {@link ClassicWrites}).
 */
final class ClassicGroup {

    static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    /** The group's pending timeouts by purpose ({@code join}, {@code sync}, or a member's heartbeat). */
    final Map<String, GroupTimer.Timeout> timeouts = new HashMap<>();

    private final String groupId;
    private final ClassicWrites writes;
    /** Whether the log holds the group: its removal then needs a tombstone. */
    private boolean stored;
    private ClassicGroupState state = EMPTY;
    private ClassicGroupState previousState = DEAD;
    private long stateSinceMs;
    private Optional<String> protocolType = Optional.empty();
    private Optional<String> protocolName = Optional.empty();
    private int generationId;
    private Optional<String> leaderId = Optional.empty();
    private final Map<String, ClassicMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    /** Members given an id (KIP-394) that have yet to join with it. */
    private final Set<String> pendingJoinMembers = new HashSet<>();
    /** Members of the current generation that have yet to send SyncGroup. */
    private final Set<String> pendingSyncMembers = new HashSet<>();
    /** How many members support each protocol. */
    private final Map<String, Integer> supportedProtocols = new HashMap<>();
    private int awaitingJoinCount;
    private Optional<Set<String>> subscribedTopics = Optional.empty();
    /** Set when a member joins during an initial rebalance, which then waits a little longer. */
    private boolean newMemberAdded;

    ClassicGroup(String groupId, long nowMs, ClassicWrites writes) {
        this.groupId = groupId;
        this.stateSinceMs = nowMs;
        this.writes = writes;
    }

    /**
     * The group as the log holds it, as Kafka loads one: Stable with its members, generation and assignments, or
     * Empty without members.
     */
    static ClassicGroup loaded(GroupRecord.ClassicGroup record, ClassicWrites writes) {
        ClassicGroup group = new ClassicGroup(record.groupId(), record.currentStateTimestampMs(), writes);
        group.generationId = record.generationId();
        group.protocolType = Optional.of(record.protocolType()).filter(type -> !type.isEmpty());
        group.protocolName = record.protocolName();
        group.leaderId = record.leaderId();
        for (GroupRecord.ClassicGroup.Member stored : record.members()) {
            ClassicMember member = ClassicMember.loaded(stored, record.protocolType(),
                    record.protocolName().orElse(""));
            group.members.put(member.memberId(), member);
            group.countProtocols(member, 1);
            member.groupInstanceId().ifPresent(instanceId -> group.staticMembers.put(instanceId, member.memberId()));
        }
        group.previousState = EMPTY;
        group.state = group.members.isEmpty() ? EMPTY : ClassicGroupState.STABLE;
        group.subscribedTopics = group.computeSubscribedTopics();
        group.stored = true;
        return group;
    }

    /** Writes the group as it is now, in Kafka's GroupMetadata record: done once a generation is settled. */
    void store() {
        String protocol = protocolName.orElse("");
        List<GroupRecord.ClassicGroup.Member> stored = members.values().stream()
                .map(member -> new GroupRecord.ClassicGroup.Member(member.memberId(), member.groupInstanceId(),
                        member.clientId(), member.clientHost(), member.rebalanceTimeoutMs(),
                        member.sessionTimeoutMs(), protocol.isEmpty() ? ClassicMember.NO_ASSIGNMENT
                        : member.metadata(protocol), member.assignment()))
                .toList();
        writes.write(new GroupRecord.ClassicGroup(groupId, protocolType.orElse(""), generationId, protocolName,
                leaderId, stateSinceMs, stored));
        this.stored = true;
    }

    /** Writes the group's removal, if the log holds it. */
    void storeRemoval() {
        if (stored) {
            writes.write(new GroupRecord.GroupTombstone(groupId));
            stored = false;
        }
    }

    String groupId() {
        return groupId;
    }

    ClassicGroupState state() {
        return state;
    }

    boolean is(ClassicGroupState candidate) {
        return state == candidate;
    }

    ClassicGroupState previousState() {
        return previousState;
    }

    long stateSinceMs() {
        return stateSinceMs;
    }

    void transitionTo(ClassicGroupState next, long nowMs) {
        if (!next.validPreviousStates().contains(state)) {
            throw new IllegalStateException("Group " + groupId + " cannot move from " + state + " to " + next);
        }
        previousState = state;
        state = next;
        stateSinceMs = nowMs;
    }

    boolean canRebalance() {
        return PREPARING_REBALANCE.validPreviousStates().contains(state);
    }

    int generationId() {
        return generationId;
    }

    Optional<String> protocolType() {
        return protocolType;
    }

    Optional<String> protocolName() {
        return protocolName;
    }

    Optional<String> leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return leaderId.filter(memberId::equals).isPresent();
    }

    boolean newMemberAdded() {
        return newMemberAdded;
    }

    void newMemberAdded(boolean added) {
        newMemberAdded = added;
    }

    Collection<ClassicMember> members() {
        return Collections.unmodifiableCollection(members.values());
    }

    ClassicMember member(String memberId) {
        return members.get(memberId);
    }

    boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    int size() {
        return members.size();
    }

    String staticMemberId(String groupInstanceId) {
        return staticMembers.get(groupInstanceId);
    }

    /**
     * Kafka's check that a request comes from a current member: a static member's instance id must map to the
     * member id (else the request is from an older instance, fenced), and the member must be in the group.
     */
    BrokerError validateMember(String memberId, Optional<String> groupInstanceId) {
        if (groupInstanceId.isPresent()) {
            String current = staticMembers.get(groupInstanceId.get());
            if (current == null) {
                return BrokerError.UNKNOWN_MEMBER_ID;
            }
            if (!current.equals(memberId)) {
                return BrokerError.FENCED_INSTANCE_ID;
            }
        }
        return members.containsKey(memberId) ? BrokerError.NONE : BrokerError.UNKNOWN_MEMBER_ID;
    }

    boolean isPendingMember(String memberId) {
        return pendingJoinMembers.contains(memberId);
    }

    void addPendingMember(String memberId) {
        pendingJoinMembers.add(memberId);
    }

    void removePendingMember(String memberId) {
        pendingJoinMembers.remove(memberId);
    }

    void addPendingSyncMember(String memberId) {
        pendingSyncMembers.add(memberId);
    }

    void removePendingSyncMember(String memberId) {
        pendingSyncMembers.remove(memberId);
    }

    Set<String> pendingSyncMembers() {
        return Set.copyOf(pendingSyncMembers);
    }

    boolean hasReceivedSyncFromAllMembers() {
        return pendingSyncMembers.isEmpty();
    }

    /** Adds a member that joined; the first member sets the group's protocol type and leads. */
    void add(ClassicMember member, CompletableFuture<JoinGroupResult> joinFuture) {
        if (members.isEmpty()) {
            protocolType = Optional.of(member.protocolType());
        }
        member.groupInstanceId().ifPresent(instanceId -> staticMembers.put(instanceId, member.memberId()));
        if (leaderId.isEmpty()) {
            leaderId = Optional.of(member.memberId());
        }
        members.put(member.memberId(), member);
        countProtocols(member, 1);
        member.awaitingJoin(joinFuture);
        awaitingJoinCount++;
        pendingJoinMembers.remove(member.memberId());
    }

    /** Removes a member, which must have no join or sync waiting; the next member in join order leads. */
    void remove(String memberId) {
        ClassicMember removed = members.remove(memberId);
        if (removed != null) {
            if (removed.isAwaitingJoin() || removed.awaitingSync() != null) {
                throw new IllegalStateException("Member " + memberId + " is removed with a request waiting");
            }
            countProtocols(removed, -1);
            removed.groupInstanceId().ifPresent(staticMembers::remove);
        }
        if (isLeader(memberId)) {
            leaderId = members.keySet().stream().findFirst();
        }
        pendingJoinMembers.remove(memberId);
        pendingSyncMembers.remove(memberId);
    }

    /** Gives a static member's place, assignment included, to the new instance's member id. */
    ClassicMember replaceStaticMember(String groupInstanceId, String oldMemberId, String newMemberId) {
        ClassicMember old = members.remove(oldMemberId);
        ClassicMember replacement = old.withMemberId(newMemberId);
        members.put(newMemberId, replacement);
        if (isLeader(oldMemberId)) {
            leaderId = Optional.of(newMemberId);
        }
        staticMembers.put(groupInstanceId, newMemberId);
        pendingSyncMembers.remove(oldMemberId);
        return replacement;
    }

    /** Records a member's new join: its protocols and timeouts, and the request waiting for the rebalance. */
    void updateMember(ClassicMember member, List<GroupProtocol> protocols, int rebalanceTimeoutMs,
                      int sessionTimeoutMs, CompletableFuture<JoinGroupResult> joinFuture) {
        countProtocols(member, -1);
        member.update(protocols, rebalanceTimeoutMs, sessionTimeoutMs);
        countProtocols(member, 1);
        if (member.isAwaitingJoin()) {
            // a client that retried its join: the earlier request is answered and forgotten
            completeJoin(member, JoinGroupResult.failed(BrokerError.REBALANCE_IN_PROGRESS, member.memberId()));
        }
        member.awaitingJoin(joinFuture);
        awaitingJoinCount++;
    }

    void completeJoin(ClassicMember member, JoinGroupResult result) {
        CompletableFuture<JoinGroupResult> future = member.awaitingJoin();
        if (future != null) {
            member.awaitingJoin(null);
            awaitingJoinCount--;
            writes.answer(future, result);
        }
    }

    void awaitSync(ClassicMember member, CompletableFuture<SyncGroupResult> syncFuture) {
        if (member.awaitingSync() != null) {
            completeSync(member, SyncGroupResult.failed(BrokerError.REBALANCE_IN_PROGRESS));
        }
        member.awaitingSync(syncFuture);
    }

    /** @return whether the member had a sync waiting */
    boolean completeSync(ClassicMember member, SyncGroupResult result) {
        CompletableFuture<SyncGroupResult> future = member.awaitingSync();
        if (future == null) {
            return false;
        }
        member.awaitingSync(null);
        writes.answer(future, result);
        return true;
    }

    boolean hasAllMembersJoined() {
        return members.size() == awaitingJoinCount && pendingJoinMembers.isEmpty();
    }

    /** How many members wait for the join phase to end. */
    int awaitingJoinCount() {
        return awaitingJoinCount;
    }

    /** The longest rebalance timeout of the members. */
    int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(ClassicMember::rebalanceTimeoutMs).max().orElse(0);
    }

    /**
     * Keeps the leader if it rejoined, else hands the lead to a member that did.
     *
     * @return false when no member rejoined (or there are none)
     */
    boolean maybeElectNewJoinedLeader() {
        if (leaderId.isEmpty()) {
            return false;
        }
        if (members.get(leaderId.get()).isAwaitingJoin()) {
            return true;
        }
        Optional<String> joined = members.values().stream()
                .filter(ClassicMember::isAwaitingJoin)
                .map(ClassicMember::memberId)
                .findFirst();
        joined.ifPresent(id -> leaderId = Optional.of(id));
        return joined.isPresent();
    }

    /**
     * Whether a member of that protocol type speaking those protocols may join: an empty group takes any; otherwise
     * the type must be the group's and one of the protocols must be supported by every member.
     */
    boolean supportsProtocols(String memberProtocolType, List<GroupProtocol> memberProtocols) {
        if (is(EMPTY)) {
            return !memberProtocolType.isEmpty() && !memberProtocols.isEmpty();
        }
        return protocolType.filter(memberProtocolType::equals).isPresent()
                && memberProtocols.stream()
                .anyMatch(protocol -> supportedProtocols.getOrDefault(protocol.name(), 0) == members.size());
    }

    /** The protocol every member supports that most members prefer, by Kafka's vote. */
    String selectProtocol() {
        Set<String> candidates = supportedProtocols.entrySet().stream()
                .filter(entry -> entry.getValue() == members.size())
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (ClassicMember member : members.values()) {
            votes.merge(member.vote(candidates), 1, Integer::sum);
        }
        return votes.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalStateException("Cannot select a protocol for empty group " + groupId));
    }

    /** Starts the next generation with the members that are there: CompletingRebalance, or Empty without any. */
    void initNextGeneration(long nowMs) {
        generationId++;
        if (members.isEmpty()) {
            protocolName = Optional.empty();
            transitionTo(ClassicGroupState.EMPTY, nowMs);
        } else {
            protocolName = Optional.of(selectProtocol());
            transitionTo(COMPLETING_REBALANCE, nowMs);
        }
        subscribedTopics = computeSubscribedTopics();
        pendingSyncMembers.clear();
    }

    /** The members and their metadata for the generation's protocol, as the leader gets them. */
    List<JoinGroupResult.JoinedMember> joinedMembers() {
        String protocol = protocolName.orElseThrow();
        return members.values().stream()
                .map(member -> new JoinGroupResult.JoinedMember(member.memberId(), member.groupInstanceId(),
                        member.metadata(protocol)))
                .toList();
    }

    boolean usesConsumerProtocol() {
        return protocolType.filter(CONSUMER_PROTOCOL_TYPE::equals).isPresent();
    }

    /**
     * Whether the members consume a topic, as of the last generation; a snapshot.
     * Unknown subscriptions count as consuming every topic for a consumer group and none for others, as in Kafka.
     */
    Predicate<String> consumedTopics() {
        if (subscribedTopics.isPresent()) {
            Set<String> topics = subscribedTopics.get();
            return topics::contains;
        }
        boolean consumesAll = usesConsumerProtocol();
        return topic -> consumesAll;
    }

    private Optional<Set<String>> computeSubscribedTopics() {
        if (!usesConsumerProtocol()) {
            return Optional.empty();
        }
        if (members.isEmpty()) {
            return Optional.of(Set.of());
        }
        String protocol = protocolName.orElseThrow();
        return ConsumerSubscriptions.topics(members.values().stream().map(member -> member.metadata(protocol))
                .toList());
    }

    private void countProtocols(ClassicMember member, int delta) {
        for (GroupProtocol protocol : member.protocols()) {
            supportedProtocols.merge(protocol.name(), delta, Integer::sum);
        }
    }

}
