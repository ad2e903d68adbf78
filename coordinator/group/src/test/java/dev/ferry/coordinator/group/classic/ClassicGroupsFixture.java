package dev.ferry.coordinator.group.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.coordinator.group.GroupCoordinator;
import dev.ferry.coordinator.group.GroupsTestContext;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.ClassicGroupDescription;
import dev.ferry.services.group.GroupProtocol;
import dev.ferry.services.group.JoinGroup;
import dev.ferry.services.group.JoinGroupResult;
import dev.ferry.services.group.LeaveGroupResult;
import dev.ferry.services.group.LeavingMember;
import dev.ferry.services.group.SyncGroup;
import dev.ferry.services.group.SyncGroupResult;
import dev.ferry.spi.TopicPartition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Classic groups through the group coordinator on a hand-driven clock, with requests as a Java consumer would send
 * them and answers as it would get them: a call the coordinator fails is answered with its error.
 */
final class ClassicGroupsFixture {

    static final String GROUP = "group";
    static final int INITIAL_DELAY_MS = 3_000;
    static final int SESSION_TIMEOUT_MS = 10_000;
    static final int REBALANCE_TIMEOUT_MS = 20_000;

    final GroupsTestContext context;

    ClassicGroupsFixture() {
        this(100);
    }

    ClassicGroupsFixture(int maxSize) {
        this(GroupsTestContext.builder(), maxSize);
    }

    /** Over a coordinator of other settings, for offsets for example; the groups' are this fixture's. */
    ClassicGroupsFixture(GroupsTestContext.Builder context) {
        this(context, 100);
    }

    private ClassicGroupsFixture(GroupsTestContext.Builder context, int maxSize) {
        this.context = context.classic(new ClassicGroupConfig(INITIAL_DELAY_MS, 1_000, 60_000, maxSize, 300_000))
                .build();
    }

    GroupCoordinator groups() {
        return context.groups();
    }

    static JoinGroup request(String memberId, String clientId) {
        return request(memberId, clientId, Optional.empty(), protocols("range"));
    }

    static JoinGroup request(String memberId, String clientId, Optional<String> instanceId,
                             List<GroupProtocol> protocols) {
        return new JoinGroup(GROUP, memberId, instanceId, "consumer", protocols, SESSION_TIMEOUT_MS,
                REBALANCE_TIMEOUT_MS, clientId, "/127.0.0.1", false);
    }

    /** Protocols by name, each with its name as metadata. */
    static List<GroupProtocol> protocols(String... names) {
        List<GroupProtocol> protocols = new ArrayList<>();
        for (String name : names) {
            protocols.add(new GroupProtocol(name, name.getBytes(StandardCharsets.UTF_8)));
        }
        return protocols;
    }

    void advance(long ms) {
        context.advance(ms);
    }

    /**
     * Ends the first rebalance of members that all joined the empty group at the same moment: the second member's
     * join extends the initial delay once.
     */
    void endInitialRebalance() {
        advance(2L * INITIAL_DELAY_MS);
    }

    CompletableFuture<JoinGroupResult> join(JoinGroup request) {
        return GroupsTestContext.answered(groups().joinGroup(request),
                error -> JoinGroupResult.failed(error, ""));
    }

    CompletableFuture<JoinGroupResult> join(String memberId, String clientId) {
        return join(request(memberId, clientId));
    }

    CompletableFuture<SyncGroupResult> sync(SyncGroup request) {
        return GroupsTestContext.answered(groups().syncGroup(request), SyncGroupResult::failed);
    }

    CompletableFuture<SyncGroupResult> sync(String memberId, int generationId, Map<String, byte[]> assignments) {
        return sync(new SyncGroup(GROUP, generationId, memberId, Optional.empty(), Optional.of("consumer"),
                Optional.empty(), assignments));
    }

    BrokerError heartbeat(String groupId, String memberId, Optional<String> instanceId, int generationId) {
        return done(GroupsTestContext.answered(groups().heartbeat(groupId, memberId, instanceId, generationId),
                error -> error));
    }

    BrokerError heartbeat(String memberId, int generationId) {
        return heartbeat(GROUP, memberId, Optional.empty(), generationId);
    }

    LeaveGroupResult leave(String groupId, List<LeavingMember> members) {
        return done(groups().leaveGroup(groupId, members));
    }

    /** The member leaves the group, as a consumer that closes. */
    void leave(String memberId) {
        LeaveGroupResult left = leave(GROUP, List.of(new LeavingMember(memberId, Optional.empty())));
        assertEquals(BrokerError.NONE, left.members().get(0).error());
    }

    /** The group as DescribeGroups shows it; empty for a group the coordinator does not know. */
    Optional<ClassicGroupDescription> describe(String groupId) {
        return done(groups().describeClassicGroup(groupId));
    }

    String state() {
        return describe(GROUP).orElseThrow().state();
    }

    /** The error of a member's commit of one offset of the group. */
    BrokerError commit(String memberId, Optional<String> instanceId, int generationId) {
        return context.commit(GROUP, memberId, generationId, instanceId, new TopicPartition("t", 0), 1);
    }

    /**
     * Brings new members to a Stable generation: all join, the initial delay passes, the leader assigns each its
     * client id and every member syncs.
     *
     * @return the members' join results, in join order
     */
    List<JoinGroupResult> stableGroup(String... clientIds) {
        List<CompletableFuture<JoinGroupResult>> joins = new ArrayList<>();
        for (String clientId : clientIds) {
            joins.add(join("", clientId));
        }
        endInitialRebalance();
        List<JoinGroupResult> joined = joins.stream().map(ClassicGroupsFixture::done).toList();
        syncAll(joined, clientIds);
        return joined;
    }

    /** Every member syncs, followers first; the leader assigns each member its client id. */
    void syncAll(List<JoinGroupResult> joined, String... clientIds) {
        JoinGroupResult leader = joined.stream().filter(result -> result.memberId().equals(result.leaderId()))
                .findFirst().orElseThrow();
        Map<String, byte[]> assignments = new HashMap<>();
        for (int i = 0; i < joined.size(); i++) {
            assignments.put(joined.get(i).memberId(), clientIds[i].getBytes(StandardCharsets.UTF_8));
        }
        List<CompletableFuture<SyncGroupResult>> syncs = new ArrayList<>();
        for (JoinGroupResult member : joined) {
            if (member != leader) {
                syncs.add(sync(member.memberId(), member.generationId(), Map.of()));
            }
        }
        syncs.add(sync(leader.memberId(), leader.generationId(), assignments));
        syncs.forEach(sync -> assertEquals(BrokerError.NONE, done(sync).error()));
        assertEquals("Stable", state());
    }

    /** The value of a future that must be complete by now. */
    static <T> T done(CompletableFuture<T> future) {
        return GroupsTestContext.done(future);
    }

    static void assertWaiting(CompletableFuture<?> future) {
        assertFalse(future.isDone(), "still waiting");
    }
}
