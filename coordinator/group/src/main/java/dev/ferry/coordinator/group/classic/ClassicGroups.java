package dev.ferry.coordinator.group.classic;

import static dev.ferry.coordinator.group.classic.ClassicGroupState.COMPLETING_REBALANCE;
import static dev.ferry.coordinator.group.classic.ClassicGroupState.DEAD;
import static dev.ferry.coordinator.group.classic.ClassicGroupState.EMPTY;
import static dev.ferry.coordinator.group.classic.ClassicGroupState.PREPARING_REBALANCE;
import static dev.ferry.coordinator.group.classic.ClassicGroupState.STABLE;

import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.coordinator.group.time.GroupTimer;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.group.ClassicGroupDescription;
import dev.ferry.services.group.GroupListing;
import dev.ferry.services.group.GroupType;
import dev.ferry.services.group.JoinGroup;
import dev.ferry.services.group.JoinGroupResult;
import dev.ferry.services.group.LeaveGroupResult;
import dev.ferry.services.group.LeaveGroupResult.MemberLeft;
import dev.ferry.services.group.LeavingMember;
import dev.ferry.services.group.SyncGroup;
import dev.ferry.services.group.SyncGroupResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic group protocol (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) as Apache Kafka's group coordinator runs
 * it: the state machine of each group through Empty, PreparingRebalance, CompletingRebalance and Stable, with
 * KIP-394 member ids, KIP-345 static members and the delayed initial rebalance. This is the large class of the
 * package: every transition is here, in Kafka's order, so that it can be read against Kafka's.
 *
 * <p>Used by one thread, its shard's. Nothing blocks: a join or sync that must wait is completed later by another
 * member's request or by a timeout on the {@link GroupTimer}; the futures a call completes are completed when the
 * call's changes are done.
 *
 * <p>Groups are durable as in Kafka: a settled generation (a leader's assignment, or a group left empty) is written
 * as a GroupMetadata record, and the answers it settles wait for it; a restart loads the groups Stable, with their
 * members, generation and assignments, or Empty.
 */
public final class ClassicGroups {

    private static final Logger LOG = LoggerFactory.getLogger(ClassicGroups.class);
    private static final String JOIN_TIMEOUT = "join";
    private static final String SYNC_TIMEOUT = "sync";

    private final Map<String, ClassicGroup> groups = new HashMap<>();
    private final ClassicGroupConfig config;
    private final GroupTimer timer;
    private final ClassicWrites writes;

    /** @param writes takes the records of each change and the answers that wait for them */
    public ClassicGroups(ClassicGroupConfig config, GroupTimer timer, ClassicWrites writes) {
        this.config = config;
        this.timer = timer;
        this.writes = writes;
    }

    /** Takes in a group read from the log, replacing what was known of it. */
    public void load(GroupRecord.ClassicGroup record) {
        groups.put(record.groupId(), ClassicGroup.loaded(record, writes));
    }

    /** Drops a group the log says was removed; one already gone is left so. */
    public void loadRemoval(String groupId) {
        groups.remove(groupId);
    }

    /** The log is read: each member of a loaded group has its session to keep from now, as after a heartbeat. */
    public void onLoaded() {
        for (ClassicGroup group : groups.values()) {
            group.members().forEach(member -> scheduleHeartbeatExpiry(group, member));
        }
    }

    /** Serves a JoinGroup; completes when the group's join phase ends, or at once with an error. */
    public CompletableFuture<JoinGroupResult> join(JoinGroup request) {
        String memberId = request.memberId();
        if (request.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(JoinGroupResult.failed(BrokerError.INVALID_GROUP_ID, memberId));
        }
        if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return CompletableFuture.completedFuture(
                    JoinGroupResult.failed(BrokerError.INVALID_SESSION_TIMEOUT, memberId));
        }
        // a member id names a member of an existing group: only a new member creates its group
        ClassicGroup group = memberId.isEmpty()
                ? groups.computeIfAbsent(request.groupId(), id -> new ClassicGroup(id, timer.nowMs(), writes))
                : groups.get(request.groupId());
        if (group == null) {
            return CompletableFuture.completedFuture(JoinGroupResult.failed(BrokerError.UNKNOWN_MEMBER_ID, memberId));
        }
        CompletableFuture<JoinGroupResult> future = new CompletableFuture<>();
        join(group, request, future);
        return future;
    }

    /** Serves a SyncGroup; the leader's sync completes every member's, which wait for it. */
    public CompletableFuture<SyncGroupResult> sync(SyncGroup request) {
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            return CompletableFuture.completedFuture(SyncGroupResult.failed(BrokerError.UNKNOWN_MEMBER_ID));
        }
        CompletableFuture<SyncGroupResult> future = new CompletableFuture<>();
        sync(group, request, future);
        return future;
    }

    /** Serves a Heartbeat: {@code NONE}, {@code REBALANCE_IN_PROGRESS} to make the member rejoin, or why not. */
    public BrokerError heartbeat(String groupId, String memberId, Optional<String> groupInstanceId,
                                 int generationId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return BrokerError.UNKNOWN_MEMBER_ID;
        }
        if (group.is(DEAD)) {
            return BrokerError.COORDINATOR_NOT_AVAILABLE;
        }
        BrokerError error = group.validateMember(memberId, groupInstanceId);
        if (error != BrokerError.NONE) {
            return error;
        }
        if (generationId != group.generationId()) {
            return BrokerError.ILLEGAL_GENERATION;
        }
        ClassicMember member = group.member(memberId);
        return switch (group.state()) {
            case PREPARING_REBALANCE -> {
                scheduleHeartbeatExpiry(group, member);
                yield BrokerError.REBALANCE_IN_PROGRESS;
            }
            // members may heartbeat between their join and sync responses
            case COMPLETING_REBALANCE, STABLE -> {
                scheduleHeartbeatExpiry(group, member);
                yield BrokerError.NONE;
            }
            default -> BrokerError.UNKNOWN_MEMBER_ID;
        };
    }

    /**
     * Serves a LeaveGroup of one or more members, a static one possibly by its instance id alone; those who stay
     * rebalance.
     */
    public LeaveGroupResult leave(String groupId, List<LeavingMember> leaving) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return new LeaveGroupResult(BrokerError.NONE, leaving.stream()
                    .map(member -> left(member, BrokerError.UNKNOWN_MEMBER_ID))
                    .toList());
        }
        return leave(group, leaving);
    }

    /**
     * Kafka's check of an OffsetCommit against a classic group. A commit with generation -1, an empty member id and
     * no instance id comes from outside group management ({@code assign()}) and is taken while the group is empty
     * or does not exist (a group only holding offsets).
     */
    public BrokerError validateOffsetCommit(String groupId, String memberId, Optional<String> groupInstanceId,
                                            int generationId) {
        BrokerError withoutGroup = generationId < 0 ? BrokerError.NONE : BrokerError.ILLEGAL_GENERATION;
        return inLiveGroup(groupId, withoutGroup, group -> {
            if (generationId < 0 && group.is(EMPTY)) {
                return BrokerError.NONE;
            }
            if (generationId >= 0 || !memberId.isEmpty() || groupInstanceId.isPresent()) {
                BrokerError error = group.validateMember(memberId, groupInstanceId);
                if (error != BrokerError.NONE) {
                    return error;
                }
                if (generationId != group.generationId()) {
                    return BrokerError.ILLEGAL_GENERATION;
                }
            } else if (!group.is(EMPTY)) {
                return BrokerError.UNKNOWN_MEMBER_ID;
            }
            // the member knows the new generation but not its assignment yet
            return group.is(COMPLETING_REBALANCE) ? BrokerError.REBALANCE_IN_PROGRESS : BrokerError.NONE;
        });
    }

    /**
     * Which topics' offsets an OffsetDelete must keep because the group consumes them: none while the group is
     * empty.
     *
     * @return empty for a group this does not hold
     * @throws BrokerException {@link BrokerError#NON_EMPTY_GROUP} for a group with members that are not consumers,
     *     whose subscriptions cannot be known
     */
    public Optional<Predicate<String>> consumedTopics(String groupId) {
        return inLiveGroup(groupId, Optional.empty(), group -> {
            if (group.is(EMPTY)) {
                return Optional.of(topic -> false);
            }
            if (!group.usesConsumerProtocol()) {
                throw new BrokerException(BrokerError.NON_EMPTY_GROUP, "The group is not empty.");
            }
            return Optional.of(group.consumedTopics());
        });
    }

    /**
     * Whether a classic group with members holds the id. An empty one gives the id up, and is dropped: as in Kafka,
     * a consumer-protocol member may take over the id of an empty classic group.
     */
    public boolean holdsWithMembers(String groupId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return false;
        }
        if (group.is(EMPTY)) {
            remove(group);
        }
        return !group.is(DEAD);
    }

    /** Every classic group, by group id. */
    public List<GroupListing> list() {
        List<GroupListing> listings = new ArrayList<>();
        for (ClassicGroup group : groups.values()) {
            if (!group.is(DEAD)) {
                listings.add(new GroupListing(group.groupId(), GroupType.CLASSIC, group.protocolType().orElse(""),
                        group.state().toString()));
            }
        }
        listings.sort(Comparator.comparing(GroupListing::groupId));
        return listings;
    }

    /**
     * A group as DescribeGroups shows it: members with their metadata and assignment while Stable, without during a
     * rebalance.
     */
    public Optional<ClassicGroupDescription> describe(String groupId) {
        return inLiveGroup(groupId, Optional.empty(), group -> {
            Optional<String> protocol = group.is(STABLE) ? group.protocolName() : Optional.empty();
            List<ClassicGroupDescription.Member> members = group.members().stream()
                    .map(member -> new ClassicGroupDescription.Member(member.memberId(), member.groupInstanceId(),
                            member.clientId(), member.clientHost(),
                            protocol.map(member::metadata).orElse(ClassicMember.NO_ASSIGNMENT),
                            protocol.isPresent() ? member.assignment() : ClassicMember.NO_ASSIGNMENT))
                    .toList();
            return Optional.of(new ClassicGroupDescription(groupId, group.state().toString(),
                    group.protocolType().orElse(""), protocol.orElse(""), members));
        });
    }

    /**
     * Removes an empty group (DeleteGroups); its offsets are the caller's.
     *
     * @return {@code NONE}, {@code GROUP_ID_NOT_FOUND} or {@code NON_EMPTY_GROUP}
     */
    public BrokerError delete(String groupId) {
        return inLiveGroup(groupId, BrokerError.GROUP_ID_NOT_FOUND, group -> {
            if (!group.is(EMPTY)) {
                return BrokerError.NON_EMPTY_GROUP;
            }
            remove(group);
            return BrokerError.NONE;
        });
    }

    /**
     * Since when a group's offsets may expire: since the group became empty, or since each offset's commit for a
     * group that never had members (or one this does not hold: a group only holding offsets); empty while the
     * group has members.
     */
    public OptionalLong emptySinceMs(String groupId) {
        return inLiveGroup(groupId, OptionalLong.of(0), group -> {
            if (group.protocolType().isEmpty()) {
                return OptionalLong.of(0);
            }
            return group.is(EMPTY) ? OptionalLong.of(group.stateSinceMs()) : OptionalLong.empty();
        });
    }

    /** Drops the empty groups that hold no offsets, as Kafka's periodic clean-up does. */
    public void removeEmptyGroupsWithoutOffsets(Set<String> groupsWithOffsets) {
        for (ClassicGroup group : List.copyOf(groups.values())) {
            if (group.is(EMPTY) && !groupsWithOffsets.contains(group.groupId())) {
                remove(group);
            }
        }
    }

    /** Stops: every waiting join and sync is answered {@code NOT_COORDINATOR} and the groups dropped. */
    public void close() {
        for (ClassicGroup group : List.copyOf(groups.values())) {
            for (ClassicMember member : group.members()) {
                group.completeJoin(member, JoinGroupResult.failed(BrokerError.NOT_COORDINATOR, member.memberId()));
                group.completeSync(member, SyncGroupResult.failed(BrokerError.NOT_COORDINATOR));
            }
            groups.remove(group.groupId());
        }
    }

    // ---- JoinGroup

    private void join(ClassicGroup group, JoinGroup request, CompletableFuture<JoinGroupResult> future) {
        String memberId = request.memberId();
        if (!acceptJoiningMember(group, memberId)) {
            ClassicMember member = group.member(memberId);
            if (member != null) {
                dropMember(group, member, BrokerError.GROUP_MAX_SIZE_REACHED);
            }
            complete(future, JoinGroupResult.failed(BrokerError.GROUP_MAX_SIZE_REACHED, ""));
            if (group.is(PREPARING_REBALANCE)) {
                maybeCompleteJoinPhase(group);
            }
        } else if (memberId.isEmpty()) {
            joinNewMember(group, request, future);
        } else {
            joinKnownMember(group, request, future);
        }
    }

    /**
     * Kafka's size check: during a rebalance the members that rejoined count (so the last to rejoin are the ones
     * left out when the limit was lowered); otherwise the members.
     */
    private boolean acceptJoiningMember(ClassicGroup group, String memberId) {
        return switch (group.state()) {
            case EMPTY, DEAD -> true;
            case PREPARING_REBALANCE -> (group.hasMember(memberId) && group.member(memberId).isAwaitingJoin())
                    || group.awaitingJoinCount() < config.maxSize();
            case COMPLETING_REBALANCE, STABLE -> group.hasMember(memberId) || group.size() < config.maxSize();
        };
    }

    private void joinNewMember(ClassicGroup group, JoinGroup request, CompletableFuture<JoinGroupResult> future) {
        if (group.is(DEAD)) {
            // removed since it was looked up: the client finds the coordinator again and rejoins
            complete(future, JoinGroupResult.failed(BrokerError.COORDINATOR_NOT_AVAILABLE, ""));
            return;
        }
        if (!group.supportsProtocols(request.protocolType(), request.protocols())) {
            complete(future, JoinGroupResult.failed(BrokerError.INCONSISTENT_GROUP_PROTOCOL, ""));
            return;
        }
        String newMemberId = request.groupInstanceId().orElse(request.clientId()) + "-" + UUID.randomUUID();
        if (request.groupInstanceId().isPresent()) {
            String existing = group.staticMemberId(request.groupInstanceId().get());
            if (existing != null) {
                LOG.info("Static member with group.instance.id {} joins group {} in state {} with a new member id;"
                        + " replacing member {}", request.groupInstanceId().get(), group.groupId(), group.state(),
                        existing);
                replaceStaticMember(group, request, existing, newMemberId, future);
            } else {
                addMemberAndRebalance(group, request, newMemberId, future);
            }
        } else if (request.requireKnownMemberId()) {
            // KIP-394: the member must come back with its id, which it keeps if this response is lost
            group.addPendingMember(newMemberId);
            schedule(group, heartbeatTimeout(newMemberId), request.sessionTimeoutMs(),
                    g -> expireHeartbeat(g, newMemberId));
            complete(future, JoinGroupResult.failed(BrokerError.MEMBER_ID_REQUIRED, newMemberId));
        } else {
            addMemberAndRebalance(group, request, newMemberId, future);
        }
    }

    private void joinKnownMember(ClassicGroup group, JoinGroup request, CompletableFuture<JoinGroupResult> future) {
        String memberId = request.memberId();
        if (group.is(DEAD)) {
            complete(future, JoinGroupResult.failed(BrokerError.COORDINATOR_NOT_AVAILABLE, memberId));
            return;
        }
        if (!group.supportsProtocols(request.protocolType(), request.protocols())) {
            complete(future, JoinGroupResult.failed(BrokerError.INCONSISTENT_GROUP_PROTOCOL, memberId));
            return;
        }
        if (group.isPendingMember(memberId) && request.groupInstanceId().isEmpty()) {
            addMemberAndRebalance(group, request, memberId, future);
            return;
        }
        BrokerError error = group.validateMember(memberId, request.groupInstanceId());
        if (error != BrokerError.NONE) {
            complete(future, JoinGroupResult.failed(error, memberId));
            return;
        }
        ClassicMember member = group.member(memberId);
        switch (group.state()) {
            case PREPARING_REBALANCE -> updateMemberAndRebalance(group, member, request, future,
                    "member " + memberId + " rejoins");
            case COMPLETING_REBALANCE -> {
                if (member.matches(request.protocols())) {
                    // the member lost its join response: it gets the generation again
                    complete(future, currentGeneration(group, memberId, group.isLeader(memberId)));
                } else {
                    updateMemberAndRebalance(group, member, request, future,
                            "member " + memberId + " changed its metadata");
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId)) {
                    // the leader rejoins to have the group reassigned, for example when topics changed
                    updateMemberAndRebalance(group, member, request, future, "leader " + memberId + " rejoins");
                } else if (!member.matches(request.protocols())) {
                    updateMemberAndRebalance(group, member, request, future,
                            "member " + memberId + " changed its metadata");
                } else {
                    complete(future, currentGeneration(group, memberId, false));
                }
            }
            default -> complete(future, JoinGroupResult.failed(BrokerError.UNKNOWN_MEMBER_ID, memberId));
        }
    }

    private JoinGroupResult currentGeneration(ClassicGroup group, String memberId, boolean withMembers) {
        return new JoinGroupResult(BrokerError.NONE, group.generationId(), group.protocolType(),
                group.protocolName(), group.leaderId().orElse(""), memberId,
                withMembers ? group.joinedMembers() : List.of());
    }

    private void addMemberAndRebalance(ClassicGroup group, JoinGroup request, String memberId,
                                       CompletableFuture<JoinGroupResult> future) {
        ClassicMember member = new ClassicMember(memberId, request.groupInstanceId(), request.clientId(),
                request.clientHost(), request.protocolType(), request.protocols(), request.rebalanceTimeoutMs(),
                request.sessionTimeoutMs());
        member.isNew(true);
        if (group.is(PREPARING_REBALANCE) && group.previousState() == EMPTY) {
            group.newMemberAdded(true);
        }
        group.add(member, future);
        // a new member cannot heartbeat while its join waits: it is dropped if the join waits too long
        schedule(group, heartbeatTimeout(memberId), config.newMemberJoinTimeoutMs(),
                g -> expireHeartbeat(g, memberId));
        maybePrepareRebalanceOrCompleteJoin(group, "new member " + memberId + " joins");
    }

    private void updateMemberAndRebalance(ClassicGroup group, ClassicMember member, JoinGroup request,
                                          CompletableFuture<JoinGroupResult> future, String reason) {
        group.updateMember(member, request.protocols(), request.rebalanceTimeoutMs(), request.sessionTimeoutMs(),
                future);
        maybePrepareRebalanceOrCompleteJoin(group, reason);
    }

    /**
     * KIP-345: a static member's new instance takes the old one's place; the old instance is fenced. In a Stable
     * group that keeps its protocol there is no rebalance: the member gets the current generation, with the old
     * leader id so that it does not assign.
     */
    private void replaceStaticMember(ClassicGroup group, JoinGroup request, String oldMemberId, String newMemberId,
                                     CompletableFuture<JoinGroupResult> future) {
        String previousLeader = group.leaderId().orElse("");
        ClassicMember old = group.member(oldMemberId);
        group.completeJoin(old, JoinGroupResult.failed(BrokerError.FENCED_INSTANCE_ID, oldMemberId));
        group.completeSync(old, SyncGroupResult.failed(BrokerError.FENCED_INSTANCE_ID));
        cancel(group, heartbeatTimeout(oldMemberId));
        ClassicMember member = group.replaceStaticMember(request.groupInstanceId().orElseThrow(), oldMemberId,
                newMemberId);
        scheduleHeartbeatExpiry(group, member);
        group.updateMember(member, request.protocols(), request.rebalanceTimeoutMs(), request.sessionTimeoutMs(),
                future);
        switch (group.state()) {
            case STABLE -> {
                if (group.protocolName().orElse("").equals(group.selectProtocol())) {
                    group.store();
                    group.completeJoin(member, new JoinGroupResult(BrokerError.NONE, group.generationId(),
                            group.protocolType(), group.protocolName(), previousLeader, newMemberId, List.of()));
                } else {
                    prepareRebalance(group, "static member " + newMemberId + " changes the group's protocol");
                }
            }
            // the leader may be assigning to the old member id: the group must rebalance
            case COMPLETING_REBALANCE -> prepareRebalance(group, "static member " + newMemberId + " replaced "
                    + oldMemberId);
            case PREPARING_REBALANCE -> maybeCompleteJoinPhase(group);
            default -> throw new IllegalStateException("Static member joins group " + group.groupId() + " in state "
                    + group.state());
        }
    }

    private void maybePrepareRebalanceOrCompleteJoin(ClassicGroup group, String reason) {
        if (group.canRebalance()) {
            prepareRebalance(group, reason);
        } else {
            maybeCompleteJoinPhase(group);
        }
    }

    /** Completes the join phase once everyone rejoined, except during an initial rebalance, which waits its delay. */
    private void maybeCompleteJoinPhase(ClassicGroup group) {
        if (group.is(PREPARING_REBALANCE) && group.hasAllMembersJoined() && group.previousState() != EMPTY) {
            completeJoinPhase(group);
        }
    }

    private void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(COMPLETING_REBALANCE)) {
            resetAndPropagateAssignment(group, BrokerError.REBALANCE_IN_PROGRESS);
        }
        cancel(group, SYNC_TIMEOUT);
        boolean initialRebalance = group.is(EMPTY);
        if (initialRebalance) {
            int delayMs = config.initialRebalanceDelayMs();
            int remainingMs = Math.max(group.rebalanceTimeoutMs() - delayMs, 0);
            schedule(group, JOIN_TIMEOUT, delayMs, g -> completeInitialJoinOrWait(g, delayMs, remainingMs));
        }
        group.transitionTo(PREPARING_REBALANCE, timer.nowMs());
        LOG.info("Preparing to rebalance group {} in state {} with old generation {} ({})", group.groupId(),
                group.previousState(), group.generationId(), reason);
        if (!initialRebalance) {
            if (group.hasAllMembersJoined()) {
                completeJoinPhase(group);
            } else {
                schedule(group, JOIN_TIMEOUT, group.rebalanceTimeoutMs(), this::completeJoinPhase);
            }
        }
    }

    /** Kafka's InitialDelayedJoin: each member that joined during the delay earns another, up to the timeout. */
    private void completeInitialJoinOrWait(ClassicGroup group, int delayMs, int remainingMs) {
        if (group.newMemberAdded() && remainingMs != 0) {
            group.newMemberAdded(false);
            int nextDelayMs = Math.min(config.initialRebalanceDelayMs(), remainingMs);
            int nextRemainingMs = Math.max(remainingMs - delayMs, 0);
            schedule(group, JOIN_TIMEOUT, nextDelayMs,
                    g -> completeInitialJoinOrWait(g, nextDelayMs, nextRemainingMs));
        } else {
            completeJoinPhase(group);
        }
    }

    /**
     * Ends the join phase: dynamic members that did not rejoin are dropped (static ones keep their place until
     * their session expires), and the next generation starts with a response to everyone who joined; the leader's
     * carries the members' metadata.
     */
    private void completeJoinPhase(ClassicGroup group) {
        cancel(group, JOIN_TIMEOUT);
        if (!group.is(PREPARING_REBALANCE)) {
            return;
        }
        List<ClassicMember> notRejoined = group.members().stream()
                .filter(member -> !member.isAwaitingJoin() && !member.isStatic())
                .toList();
        for (ClassicMember member : notRejoined) {
            dropMember(group, member, BrokerError.UNKNOWN_MEMBER_ID);
        }
        if (!notRejoined.isEmpty()) {
            LOG.info("Group {} removed dynamic members who did not rejoin: {}", group.groupId(),
                    notRejoined.stream().map(ClassicMember::memberId).toList());
        }
        if (!group.maybeElectNewJoinedLeader() && group.size() > 0) {
            // only static members that did not rejoin are left: wait for them, or for their sessions to expire
            LOG.info("Group {} could not complete its rebalance because no member rejoined", group.groupId());
            schedule(group, JOIN_TIMEOUT, group.rebalanceTimeoutMs(), this::completeJoinPhase);
            return;
        }
        group.initNextGeneration(timer.nowMs());
        if (group.is(EMPTY)) {
            LOG.info("Group {} with generation {} is now empty", group.groupId(), group.generationId());
            group.store();
            return;
        }
        LOG.info("Group {} completed its join phase: generation {}, protocol {}, {} members", group.groupId(),
                group.generationId(), group.protocolName().orElse(""), group.size());
        for (ClassicMember member : group.members()) {
            group.completeJoin(member, currentGeneration(group, member.memberId(),
                    group.isLeader(member.memberId())));
            member.isNew(false);
            scheduleHeartbeatExpiry(group, member);
            group.addPendingSyncMember(member.memberId());
        }
        int generationId = group.generationId();
        schedule(group, SYNC_TIMEOUT, group.rebalanceTimeoutMs(), g -> expirePendingSync(g, generationId));
    }

    // ---- SyncGroup

    private void sync(ClassicGroup group, SyncGroup request, CompletableFuture<SyncGroupResult> future) {
        BrokerError error = validateSync(group, request);
        if (error != BrokerError.NONE) {
            complete(future, SyncGroupResult.failed(error));
            return;
        }
        String memberId = request.memberId();
        ClassicMember member = group.member(memberId);
        switch (group.state()) {
            case PREPARING_REBALANCE -> complete(future,
                    SyncGroupResult.failed(BrokerError.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE -> {
                group.awaitSync(member, future);
                removePendingSyncMember(group, memberId);
                if (group.isLeader(memberId)) {
                    LOG.info("Assignment received from leader {} for group {} for generation {}; the group has {}"
                            + " members", memberId, group.groupId(), group.generationId(), group.size());
                    for (ClassicMember each : group.members()) {
                        each.assignment(request.assignments().getOrDefault(each.memberId(),
                                ClassicMember.NO_ASSIGNMENT));
                    }
                    propagateAssignment(group, BrokerError.NONE);
                    group.transitionTo(STABLE, timer.nowMs());
                    // the members hear of their assignment once the log holds it
                    group.store();
                }
            }
            case STABLE -> {
                removePendingSyncMember(group, memberId);
                complete(future, new SyncGroupResult(BrokerError.NONE, group.protocolType(),
                        group.protocolName(), member.assignment()));
            }
            default -> complete(future, SyncGroupResult.failed(BrokerError.UNKNOWN_MEMBER_ID));
        }
    }

    private static BrokerError validateSync(ClassicGroup group, SyncGroup request) {
        if (group.is(EMPTY)) {
            return BrokerError.UNKNOWN_MEMBER_ID;
        }
        if (group.is(DEAD)) {
            return BrokerError.COORDINATOR_NOT_AVAILABLE;
        }
        BrokerError error = group.validateMember(request.memberId(), request.groupInstanceId());
        if (error != BrokerError.NONE) {
            return error;
        }
        if (request.generationId() != group.generationId()) {
            return BrokerError.ILLEGAL_GENERATION;
        }
        if (inconsistent(request.protocolType(), group.protocolType())
                || inconsistent(request.protocolName(), group.protocolName())) {
            return BrokerError.INCONSISTENT_GROUP_PROTOCOL;
        }
        return BrokerError.NONE;
    }

    private static boolean inconsistent(Optional<String> asked, Optional<String> actual) {
        return asked.isPresent() && actual.isPresent() && !asked.equals(actual);
    }

    private void removePendingSyncMember(ClassicGroup group, String memberId) {
        group.removePendingSyncMember(memberId);
        if (group.hasReceivedSyncFromAllMembers()) {
            cancel(group, SYNC_TIMEOUT);
        }
    }

    /** Members that did not sync within the rebalance timeout are dropped, and the others rebalance. */
    private void expirePendingSync(ClassicGroup group, int generationId) {
        if (generationId != group.generationId() || !(group.is(COMPLETING_REBALANCE) || group.is(STABLE))
                || group.hasReceivedSyncFromAllMembers()) {
            return;
        }
        Set<String> pending = group.pendingSyncMembers();
        for (String memberId : pending) {
            dropMember(group, group.member(memberId), BrokerError.UNKNOWN_MEMBER_ID);
        }
        prepareRebalance(group, "members " + pending + " did not sync in time");
    }

    /** Answers every waiting sync: the member's assignment, or the error with an empty one. */
    private void propagateAssignment(ClassicGroup group, BrokerError error) {
        for (ClassicMember member : group.members()) {
            SyncGroupResult result = error == BrokerError.NONE
                    ? new SyncGroupResult(error, group.protocolType(), group.protocolName(), member.assignment())
                    : SyncGroupResult.failed(error);
            if (group.completeSync(member, result)) {
                // an expiry that fired while the member waited was ignored: the session starts again from here
                scheduleHeartbeatExpiry(group, member);
            }
        }
    }

    private void resetAndPropagateAssignment(ClassicGroup group, BrokerError error) {
        for (ClassicMember member : group.members()) {
            member.assignment(ClassicMember.NO_ASSIGNMENT);
        }
        propagateAssignment(group, error);
    }

    // ---- LeaveGroup

    private LeaveGroupResult leave(ClassicGroup group, List<LeavingMember> leaving) {
        if (group.is(DEAD)) {
            return new LeaveGroupResult(BrokerError.COORDINATOR_NOT_AVAILABLE, List.of());
        }
        List<MemberLeft> results = new ArrayList<>();
        boolean anyLeft = false;
        for (LeavingMember member : leaving) {
            BrokerError error = leaveOne(group, member);
            anyLeft |= error == BrokerError.NONE;
            results.add(left(member, error));
        }
        if (anyLeft) {
            switch (group.state()) {
                case STABLE, COMPLETING_REBALANCE -> maybePrepareRebalanceOrCompleteJoin(group, "members left");
                case PREPARING_REBALANCE -> maybeCompleteJoinPhase(group);
                default -> {
                }
            }
        }
        return new LeaveGroupResult(BrokerError.NONE, results);
    }

    private BrokerError leaveOne(ClassicGroup group, LeavingMember leaving) {
        if (leaving.memberId().isEmpty()) {
            // an administrator removing a static member by its instance id
            String memberId = leaving.groupInstanceId().map(group::staticMemberId).orElse(null);
            if (memberId == null) {
                return BrokerError.UNKNOWN_MEMBER_ID;
            }
            removeLeavingMember(group, group.member(memberId));
            return BrokerError.NONE;
        }
        if (group.isPendingMember(leaving.memberId())) {
            group.removePendingMember(leaving.memberId());
            cancel(group, heartbeatTimeout(leaving.memberId()));
            return BrokerError.NONE;
        }
        BrokerError error = group.validateMember(leaving.memberId(), leaving.groupInstanceId());
        if (error == BrokerError.NONE) {
            removeLeavingMember(group, group.member(leaving.memberId()));
        }
        return error;
    }

    private void removeLeavingMember(ClassicGroup group, ClassicMember member) {
        LOG.info("Member {} of group {} leaves", member.memberId(), group.groupId());
        dropMember(group, member, BrokerError.UNKNOWN_MEMBER_ID);
    }

    private static MemberLeft left(LeavingMember member, BrokerError error) {
        return new MemberLeft(member.memberId(), member.groupInstanceId(), error);
    }

    // ---- session timeouts

    private void scheduleHeartbeatExpiry(ClassicGroup group, ClassicMember member) {
        String memberId = member.memberId();
        schedule(group, heartbeatTimeout(memberId), member.sessionTimeoutMs(), g -> expireHeartbeat(g, memberId));
    }

    private void expireHeartbeat(ClassicGroup group, String memberId) {
        if (group.is(DEAD)) {
            return;
        }
        if (group.isPendingMember(memberId)) {
            LOG.info("Pending member {} of group {} did not join in time and is removed", memberId, group.groupId());
            group.removePendingMember(memberId);
            maybeCompleteJoinPhase(group);
            return;
        }
        ClassicMember member = group.member(memberId);
        if (member == null || member.hasSatisfiedHeartbeat()) {
            return;
        }
        LOG.info("Member {} of group {} has failed, removing it from the group", memberId, group.groupId());
        dropMember(group, member, BrokerError.UNKNOWN_MEMBER_ID);
        switch (group.state()) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, "member " + memberId + " expired");
            case PREPARING_REBALANCE -> maybeCompleteJoinPhase(group);
            default -> {
            }
        }
    }

    /** Removes a member, first answering its waiting join or sync: a client still waiting will join again. */
    private void dropMember(ClassicGroup group, ClassicMember member, BrokerError error) {
        group.completeJoin(member, JoinGroupResult.failed(error, ""));
        group.completeSync(member, SyncGroupResult.failed(error));
        cancel(group, heartbeatTimeout(member.memberId()));
        group.remove(member.memberId());
    }

    private void remove(ClassicGroup group) {
        for (GroupTimer.Timeout timeout : group.timeouts.values()) {
            timeout.cancel();
        }
        group.timeouts.clear();
        group.transitionTo(DEAD, timer.nowMs());
        group.storeRemoval();
        groups.remove(group.groupId(), group);
    }

    // ---- timeouts and changes

    private static String heartbeatTimeout(String memberId) {
        return "heartbeat " + memberId;
    }

    /**
     * Schedules the group's timeout of that name, replacing any earlier one. A timeout that fires after it was
     * replaced or cancelled does nothing: it checks that it is still the current one.
     */
    private void schedule(ClassicGroup group, String name, long delayMs, Consumer<ClassicGroup> onTimeout) {
        cancel(group, name);
        AtomicReference<GroupTimer.Timeout> self = new AtomicReference<>();
        self.set(timer.schedule(delayMs, () -> {
            if (group.timeouts.remove(name, self.get())) {
                onTimeout.accept(group);
            }
        }));
        group.timeouts.put(name, self.get());
    }

    private static void cancel(ClassicGroup group, String name) {
        GroupTimer.Timeout timeout = group.timeouts.remove(name);
        if (timeout != null) {
            timeout.cancel();
        }
    }

    private <T> void complete(CompletableFuture<T> future, T result) {
        writes.answer(future, result);
    }

    /** Runs an action on a group; a group this does not hold, or a removed one (Dead), gets {@code absent}. */
    private <T> T inLiveGroup(String groupId, T absent, Function<ClassicGroup, T> action) {
        ClassicGroup group = groups.get(groupId);
        if (group == null) {
            return absent;
        }
        return group.is(DEAD) ? absent : action.apply(group);
    }
}
