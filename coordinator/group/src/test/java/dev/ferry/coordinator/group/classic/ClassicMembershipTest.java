package dev.ferry.coordinator.group.classic;

import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.GROUP;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.REBALANCE_TIMEOUT_MS;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.SESSION_TIMEOUT_MS;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.assertWaiting;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.done;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.protocols;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ferry.coordinator.group.GroupsTestContext;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.JoinGroup;
import dev.ferry.services.group.JoinGroupResult;
import dev.ferry.services.group.LeaveGroupResult;
import dev.ferry.services.group.LeavingMember;
import dev.ferry.services.group.SyncGroup;
import dev.ferry.services.group.SyncGroupResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassicMembershipTest {

    private final ClassicGroupsFixture fixture = new ClassicGroupsFixture();

    @Test
    void heartbeatsTellMembersWhatIsWrong() {
        // Given a Stable group of one in generation 1
        JoinGroupResult member = fixture.stableGroup("a").get(0);

        assertEquals(BrokerError.NONE, fixture.heartbeat(member.memberId(), 1));
        assertEquals(BrokerError.ILLEGAL_GENERATION, fixture.heartbeat(member.memberId(), 2));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, fixture.heartbeat("nobody", 1));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID,
                fixture.heartbeat("other-group", member.memberId(), Optional.empty(), 1));
        fixture.join("", "b");
        assertEquals(BrokerError.REBALANCE_IN_PROGRESS, fixture.heartbeat(member.memberId(), 1));
    }

    @ParameterizedTest(name = "restart meanwhile: {0}")
    @ValueSource(booleans = {false, true})
    void aMemberWhoseSessionExpiresIsRemovedAndTheOthersRebalance(boolean restart) {
        // Given a Stable group of two, the broker restarting or not: a loaded member's session starts at the load
        List<JoinGroupResult> members = fixture.stableGroup("a", "b");
        String a = members.get(0).memberId();
        String b = members.get(1).memberId();
        if (restart) {
            fixture.context.restart();
        }

        // When only a heartbeats, past b's session timeout
        fixture.advance(SESSION_TIMEOUT_MS - 1_000);
        assertEquals(BrokerError.NONE, fixture.heartbeat(a, 1));
        fixture.advance(1_000);

        // Then b is gone, a is asked to rejoin and is alone in generation 2
        assertEquals("PreparingRebalance", fixture.state());
        assertEquals(BrokerError.REBALANCE_IN_PROGRESS, fixture.heartbeat(a, 1));
        JoinGroupResult rejoined = done(fixture.join(a, "a"));
        assertEquals(2, rejoined.generationId());
        assertEquals(List.of(a), rejoined.members().stream().map(JoinGroupResult.JoinedMember::memberId).toList());
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, fixture.heartbeat(b, 2));
    }

    @Test
    void aMemberThatDoesNotRejoinWithinTheRebalanceTimeoutIsLeftOut() {
        // Given a Stable group of two whose leader rejoins
        List<JoinGroupResult> members = fixture.stableGroup("a", "b");
        String a = members.get(0).memberId();
        String b = members.get(1).memberId();
        CompletableFuture<JoinGroupResult> rejoin = fixture.join(a, "a");

        // When b keeps heartbeating but does not rejoin for the whole rebalance timeout
        for (int elapsed = 0; elapsed < REBALANCE_TIMEOUT_MS; elapsed += 5_000) {
            assertWaiting(rejoin);
            assertEquals(BrokerError.REBALANCE_IN_PROGRESS, fixture.heartbeat(b, 1));
            fixture.advance(5_000);
        }

        // Then the generation goes on without b
        assertEquals(2, done(rejoin).generationId());
        assertEquals(1, done(rejoin).members().size());
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, fixture.heartbeat(b, 2));
    }

    @Test
    void aStaticMembersNewInstanceTakesItsPlaceWithoutARebalance() {
        // Given a Stable group with a static member s and a dynamic member d
        CompletableFuture<JoinGroupResult> s = fixture.join(staticRequest("", "s-1"));
        CompletableFuture<JoinGroupResult> d = fixture.join("", "d");
        fixture.endInitialRebalance();
        fixture.syncAll(List.of(done(s), done(d)), "s", "d");
        String oldId = done(s).memberId();

        // When s restarts and joins without its member id
        JoinGroupResult restarted = done(fixture.join(staticRequest("", "s-1")));

        // Then it gets a new id in the same generation, not as leader, and the old instance is fenced
        assertEquals(BrokerError.NONE, restarted.error());
        assertNotEquals(oldId, restarted.memberId());
        assertEquals(1, restarted.generationId());
        assertEquals(oldId, restarted.leaderId());
        assertEquals(List.of(), restarted.members());
        assertEquals("Stable", fixture.state());
        assertEquals(BrokerError.FENCED_INSTANCE_ID, fixture.heartbeat(GROUP, oldId, Optional.of("s-1"), 1));
        SyncGroupResult assignment = done(fixture.sync(new SyncGroup(GROUP, 1, restarted.memberId(),
                Optional.of("s-1"), Optional.empty(), Optional.empty(), Map.of())));
        assertArrayEquals("s".getBytes(StandardCharsets.UTF_8), assignment.assignment());
        assertEquals(BrokerError.NONE, fixture.heartbeat(done(d).memberId(), 1));
    }

    @Test
    void aStaticMembersOldInstanceWaitingToJoinIsFenced() {
        // Given a Stable group of d, a static member s and e, rebalancing as d and s rejoin
        CompletableFuture<JoinGroupResult> d = fixture.join("", "d");
        CompletableFuture<JoinGroupResult> s = fixture.join(staticRequest("", "s-1"));
        CompletableFuture<JoinGroupResult> e = fixture.join("", "e");
        fixture.endInitialRebalance();
        fixture.syncAll(List.of(done(d), done(s), done(e)), "d", "s", "e");
        CompletableFuture<JoinGroupResult> dRejoin = fixture.join(done(d).memberId(), "d");
        CompletableFuture<JoinGroupResult> oldInstance = fixture.join(
                staticRequest(done(s).memberId(), "s-1"));
        assertWaiting(oldInstance);

        // When a new instance of s joins
        CompletableFuture<JoinGroupResult> newInstance = fixture.join(staticRequest("", "s-1"));

        // Then the old instance's join is fenced, and the new one is in the next generation once e rejoins
        assertEquals(BrokerError.FENCED_INSTANCE_ID, done(oldInstance).error());
        assertWaiting(newInstance);
        fixture.join(done(e).memberId(), "e");
        assertEquals(2, done(newInstance).generationId());
        assertEquals(3, done(dRejoin).members().size());
    }

    @Test
    void aStaticMemberThatDoesNotRejoinKeepsItsPlaceUntilItFailsToSync() {
        // Given a Stable group of a dynamic leader d and a static member s, whose sessions outlast the rebalance
        CompletableFuture<JoinGroupResult> d = fixture.join(longSession("", "d", Optional.empty()));
        CompletableFuture<JoinGroupResult> s = fixture.join(longSession("", "s", Optional.of("s-1")));
        fixture.endInitialRebalance();
        fixture.syncAll(List.of(done(d), done(s)), "d", "s");

        // When d rejoins and s, shut down without leaving, does not within the rebalance timeout
        CompletableFuture<JoinGroupResult> rejoin = fixture.join(
                longSession(done(d).memberId(), "d", Optional.empty()));
        fixture.advance(5_000);

        // Then the new generation keeps s; once s fails to sync in time it is removed
        assertEquals(2, done(rejoin).members().size());
        assertEquals(BrokerError.NONE, done(fixture.sync(done(d).memberId(), 2, Map.of())).error());
        fixture.advance(5_000);
        assertEquals(BrokerError.REBALANCE_IN_PROGRESS, fixture.heartbeat(done(d).memberId(), 2));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID,
                fixture.heartbeat(GROUP, done(s).memberId(), Optional.of("s-1"), 2));
    }

    @Test
    void membersLeaveTogetherAndEachGetsItsOwnAnswer() {
        // Given a Stable group of three, one of them static
        CompletableFuture<JoinGroupResult> a = fixture.join("", "a");
        CompletableFuture<JoinGroupResult> b = fixture.join("", "b");
        CompletableFuture<JoinGroupResult> s = fixture.join(staticRequest("", "s-1"));
        fixture.endInitialRebalance();
        fixture.syncAll(List.of(done(a), done(b), done(s)), "a", "b", "s");

        // When b, an unknown member and s (by its instance id alone) leave
        LeaveGroupResult result = fixture.leave(GROUP, List.of(
                new LeavingMember(done(b).memberId(), Optional.empty()),
                new LeavingMember("nobody", Optional.empty()),
                new LeavingMember("", Optional.of("s-1"))));

        // Then b and s are gone, the unknown member is reported, and a is alone after rejoining
        assertEquals(BrokerError.NONE, result.error());
        assertEquals(List.of(BrokerError.NONE, BrokerError.UNKNOWN_MEMBER_ID, BrokerError.NONE),
                result.members().stream().map(LeaveGroupResult.MemberLeft::error).toList());
        assertEquals("PreparingRebalance", fixture.state());
        assertEquals(1, done(fixture.join(done(a).memberId(), "a")).members().size());
    }

    @Test
    void theLastMemberLeavingEmptiesTheGroup() {
        // Given a Stable group of one
        String member = fixture.stableGroup("a").get(0).memberId();

        // When it leaves
        fixture.leave(GROUP, List.of(new LeavingMember(member, Optional.empty())));

        // Then the group is empty, in the next generation
        assertEquals("Empty", fixture.state());
    }

    @Test
    void leavingAGroupThatDoesNotExistReportsEachMemberUnknown() {
        LeaveGroupResult result = fixture.leave("unknown", List.of(new LeavingMember("a", Optional.empty())));

        assertEquals(BrokerError.NONE, result.error());
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, result.members().get(0).error());
    }

    @Test
    void aMemberThatDoesNotSyncWithinTheRebalanceTimeoutIsRemoved() {
        // Given two members with sessions longer than their rebalance timeout, in generation 1
        CompletableFuture<JoinGroupResult> a = fixture.join(longSession("", "a", Optional.empty()));
        CompletableFuture<JoinGroupResult> b = fixture.join(longSession("", "b", Optional.empty()));
        fixture.endInitialRebalance();
        done(fixture.sync(done(a).memberId(), 1, Map.of()));

        // When b does not sync within the rebalance timeout
        fixture.advance(5_000);

        // Then b is removed and a must rejoin
        assertEquals(BrokerError.REBALANCE_IN_PROGRESS, fixture.heartbeat(done(a).memberId(), 1));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, fixture.heartbeat(done(b).memberId(), 1));
    }

    @Test
    void closingTheCoordinatorAnswersEveryWaitingJoin() {
        // Given a member waiting for the initial rebalance
        CompletableFuture<JoinGroupResult> join = fixture.join("", "a");

        // When the coordinator closes (its shards are unloaded)
        fixture.groups().close();

        // Then it is told to find the coordinator again, as is any later request
        assertEquals(BrokerError.NOT_COORDINATOR, done(join).error());
        assertEquals(BrokerError.NOT_COORDINATOR,
                GroupsTestContext.failureOf(fixture.groups().describeClassicGroup(GROUP)));
        assertEquals(BrokerError.NOT_COORDINATOR, done(fixture.join("", "b")).error());
    }

    private static JoinGroup staticRequest(String memberId, String instanceId) {
        return request(memberId, "client", Optional.of(instanceId), protocols("range"));
    }

    /** A member whose session timeout, 30 seconds, outlasts its rebalance timeout, 5 seconds. */
    private static JoinGroup longSession(String memberId, String clientId, Optional<String> instanceId) {
        return new JoinGroup(GROUP, memberId, instanceId, "consumer", protocols("range"), 30_000, 5_000, clientId,
                "/127.0.0.1", false);
    }
}
