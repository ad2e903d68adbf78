package dev.ferry.coordinator.group.classic;

import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.INITIAL_DELAY_MS;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.assertWaiting;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.done;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.protocols;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.JoinGroup;
import dev.ferry.services.group.JoinGroupResult;
import dev.ferry.services.group.SyncGroupResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ClassicJoinTest {

    private final ClassicGroupsFixture fixture = new ClassicGroupsFixture();

    @Test
    void aGroupGrowsFromOneToThreeMembersOneRebalanceAtATime() {
        // Given a first member, answered after the initial delay as the leader of generation 1
        CompletableFuture<JoinGroupResult> first = fixture.join("", "a");
        assertWaiting(first);
        fixture.advance(INITIAL_DELAY_MS);
        JoinGroupResult a = done(first);
        assertEquals(BrokerError.NONE, a.error());
        assertEquals(1, a.generationId());
        assertTrue(a.memberId().startsWith("a-"));
        assertEquals(a.memberId(), a.leaderId());
        assertEquals(List.of(a.memberId()), memberIds(a));
        assertEquals(Optional.of("range"), a.protocolName());
        fixture.syncAll(List.of(a), "a");

        // When a second member joins, and the first rejoins as its heartbeat tells it
        CompletableFuture<JoinGroupResult> second = fixture.join("", "b");
        assertWaiting(second);
        assertEquals(BrokerError.REBALANCE_IN_PROGRESS, fixture.heartbeat(a.memberId(), 1));
        JoinGroupResult a2 = done(fixture.join(a.memberId(), "a"));
        JoinGroupResult b = done(second);

        // Then generation 2 has both, and only the leader sees the members
        assertEquals(2, a2.generationId());
        assertEquals(2, b.generationId());
        assertEquals(a.memberId(), b.leaderId());
        assertEquals(List.of(a.memberId(), b.memberId()), memberIds(a2));
        assertEquals(List.of(), b.members());
        fixture.syncAll(List.of(a2, b), "a", "b");

        // And a third member makes generation 3 of three
        CompletableFuture<JoinGroupResult> third = fixture.join("", "c");
        CompletableFuture<JoinGroupResult> b3 = fixture.join(b.memberId(), "b");
        assertWaiting(third);
        JoinGroupResult a3 = done(fixture.join(a.memberId(), "a"));
        assertEquals(3, a3.generationId());
        assertEquals(3, memberIds(a3).size());
        assertEquals(3, done(third).generationId());
        assertEquals(3, done(b3).generationId());
    }

    @Test
    void theLeadersAssignmentReachesEveryMemberThroughSyncGroup() {
        // Given two members that joined generation 1
        CompletableFuture<JoinGroupResult> firstJoin = fixture.join("", "a");
        CompletableFuture<JoinGroupResult> secondJoin = fixture.join("", "b");
        fixture.endInitialRebalance();
        JoinGroupResult leader = done(firstJoin);
        JoinGroupResult follower = done(secondJoin);
        assertEquals("CompletingRebalance", fixture.state());

        // When the follower syncs first, then the leader with the assignment
        CompletableFuture<SyncGroupResult> followerSync = fixture.sync(follower.memberId(), 1, Map.of());
        assertWaiting(followerSync);
        CompletableFuture<SyncGroupResult> leaderSync = fixture.sync(leader.memberId(), 1,
                Map.of(follower.memberId(), bytes("p1")));

        // Then each gets its own share, a member the leader left out an empty one, and the group is Stable
        assertArrayEquals(bytes("p1"), done(followerSync).assignment());
        assertEquals(Optional.of("range"), done(followerSync).protocolName());
        assertEquals(BrokerError.NONE, done(leaderSync).error());
        assertArrayEquals(new byte[0], done(leaderSync).assignment());
        assertEquals("Stable", fixture.state());
        assertArrayEquals(bytes("p1"), done(fixture.sync(follower.memberId(), 1, Map.of())).assignment());
    }

    @Test
    void aNewMemberIsGivenAnIdToJoinAgainWith() {
        // Given a client that requires a known member id (KIP-394)
        JoinGroup first = new JoinGroup(ClassicGroupsFixture.GROUP, "", Optional.empty(), "consumer",
                protocols("range"), 10_000, 20_000, "client", "/127.0.0.1", true);

        // When it joins without an id
        JoinGroupResult required = done(fixture.join(first));

        // Then it is told its id, and joins with it
        assertEquals(BrokerError.MEMBER_ID_REQUIRED, required.error());
        assertTrue(required.memberId().startsWith("client-"));
        CompletableFuture<JoinGroupResult> second = fixture.join(required.memberId(), "client");
        fixture.advance(INITIAL_DELAY_MS);
        assertEquals(BrokerError.NONE, done(second).error());
        assertEquals(required.memberId(), done(second).memberId());
    }

    @Test
    void aGivenIdThatIsNotUsedWithinTheSessionTimeoutIsForgotten() {
        // Given a member id handed out
        JoinGroup first = new JoinGroup(ClassicGroupsFixture.GROUP, "", Optional.empty(), "consumer",
                protocols("range"), 10_000, 20_000, "client", "/127.0.0.1", true);
        String memberId = done(fixture.join(first)).memberId();

        // When the session timeout passes before the member joins with it
        fixture.advance(10_000);

        // Then the id is unknown
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, done(fixture.join(memberId, "client")).error());
    }

    @Test
    void theInitialRebalanceWaitsAgainForEachMemberThatJoinsDuringTheDelay() {
        // Given a first member, and a second two seconds later
        CompletableFuture<JoinGroupResult> first = fixture.join("", "a");
        fixture.advance(2_000);
        CompletableFuture<JoinGroupResult> second = fixture.join("", "b");

        // When the first delay ends
        fixture.advance(1_000);

        // Then the group waits another delay, and both are in generation 1
        assertWaiting(first);
        fixture.advance(INITIAL_DELAY_MS - 1);
        assertWaiting(first);
        fixture.advance(1);
        assertEquals(1, done(first).generationId());
        assertEquals(2, done(first).members().size());
        assertEquals(1, done(second).generationId());
    }

    @Test
    void theInitialRebalanceWaitsNoLongerThanTheRebalanceTimeout() {
        // Given members that keep joining every 2.5 seconds; the rebalance timeout is 20 seconds
        CompletableFuture<JoinGroupResult> first = fixture.join("", "m0");
        for (int i = 1; i < 8; i++) {
            fixture.advance(2_500);
            fixture.join("", "m" + i);
        }
        // When 20 seconds have passed since the first joined
        fixture.advance(19_999 - 7 * 2_500);
        assertWaiting(first);
        fixture.advance(1);

        // Then the join phase is over
        assertEquals(8, done(first).members().size());
    }

    @Test
    void theProtocolIsOneEveryMemberSupportsChosenByMostVotes() {
        // Given members preferring x, y and y, all supporting both
        CompletableFuture<JoinGroupResult> a = fixture.join(request("", "a", Optional.empty(),
                protocols("x", "y")));
        fixture.join(request("", "b", Optional.empty(), protocols("y", "x")));
        fixture.join(request("", "c", Optional.empty(), protocols("y", "x")));

        // When the join phase ends
        fixture.endInitialRebalance();

        // Then y is chosen, and the leader sees each member's metadata for y
        assertEquals(Optional.of("y"), done(a).protocolName());
        done(a).members().forEach(member -> assertArrayEquals(bytes("y"), member.metadata()));
    }

    @Test
    void aProtocolNotEveryMemberSupportsIsNotChosen() {
        // Given a member preferring x that also speaks y, and one speaking only y
        CompletableFuture<JoinGroupResult> a = fixture.join(request("", "a", Optional.empty(),
                protocols("x", "y")));
        fixture.join(request("", "b", Optional.empty(), protocols("y")));

        // When the join phase ends
        fixture.endInitialRebalance();

        // Then y is chosen
        assertEquals(Optional.of("y"), done(a).protocolName());
    }

    @Test
    void aMemberSharingNoProtocolOrTypeWithTheGroupIsRefused() {
        // Given a group of range consumers
        fixture.join("", "a");

        // When others join with another protocol, or another protocol type
        JoinGroupResult otherProtocol = done(fixture.join(request("", "b", Optional.empty(),
                protocols("roundrobin"))));
        JoinGroupResult otherType = done(fixture.join(new JoinGroup(ClassicGroupsFixture.GROUP, "",
                Optional.empty(), "connect", protocols("range"), 10_000, 20_000, "c", "/127.0.0.1", false)));

        // Then both are refused
        assertEquals(BrokerError.INCONSISTENT_GROUP_PROTOCOL, otherProtocol.error());
        assertEquals(BrokerError.INCONSISTENT_GROUP_PROTOCOL, otherType.error());
    }

    @Test
    void sessionTimeoutsOutsideTheBrokersBoundsAreRefused() {
        JoinGroup tooShort = new JoinGroup(ClassicGroupsFixture.GROUP, "", Optional.empty(), "consumer",
                protocols("range"), 999, 20_000, "a", "/127.0.0.1", false);
        JoinGroup tooLong = new JoinGroup(ClassicGroupsFixture.GROUP, "", Optional.empty(), "consumer",
                protocols("range"), 60_001, 20_000, "a", "/127.0.0.1", false);

        assertEquals(BrokerError.INVALID_SESSION_TIMEOUT, done(fixture.join(tooShort)).error());
        assertEquals(BrokerError.INVALID_SESSION_TIMEOUT, done(fixture.join(tooLong)).error());
    }

    @Test
    void aFullGroupRefusesNewMembers() {
        // Given a group of at most two members, with two joined
        ClassicGroupsFixture small = new ClassicGroupsFixture(2);
        small.join("", "a");
        small.join("", "b");

        // When a third joins
        JoinGroupResult third = done(small.join("", "c"));

        // Then it is refused
        assertEquals(BrokerError.GROUP_MAX_SIZE_REACHED, third.error());
        assertEquals("", third.memberId());
    }

    @Test
    void aMemberIdOfAGroupThatDoesNotExistIsUnknown() {
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, done(fixture.join("a-123", "a")).error());
    }

    @Test
    void aMemberThatLostItsJoinResponseGetsTheGenerationAgain() {
        // Given two members that joined generation 1, not yet synced
        CompletableFuture<JoinGroupResult> firstJoin = fixture.join("", "a");
        CompletableFuture<JoinGroupResult> secondJoin = fixture.join("", "b");
        fixture.endInitialRebalance();
        JoinGroupResult follower = done(secondJoin);

        // When the follower joins again with the same metadata
        JoinGroupResult again = done(fixture.join(follower.memberId(), "b"));

        // Then it gets generation 1 again without a rebalance
        assertEquals(1, again.generationId());
        assertEquals(done(firstJoin).memberId(), again.leaderId());
        assertEquals("CompletingRebalance", fixture.state());
    }

    @Test
    void aMemberJoiningWhileOthersWaitForTheirAssignmentSendsThemBackToJoin() {
        // Given two members waiting in SyncGroup for the leader
        CompletableFuture<JoinGroupResult> firstJoin = fixture.join("", "a");
        CompletableFuture<JoinGroupResult> secondJoin = fixture.join("", "b");
        fixture.endInitialRebalance();
        CompletableFuture<SyncGroupResult> followerSync = fixture.sync(done(secondJoin).memberId(), 1, Map.of());

        // When a third member joins
        fixture.join("", "c");

        // Then the waiting sync is told to rejoin, and a sync now is too
        assertEquals(BrokerError.REBALANCE_IN_PROGRESS, done(followerSync).error());
        assertEquals(BrokerError.REBALANCE_IN_PROGRESS,
                done(fixture.sync(done(firstJoin).memberId(), 1, Map.of())).error());
        assertEquals("PreparingRebalance", fixture.state());
    }

    @Test
    void syncGroupChecksTheMemberAndItsGeneration() {
        // Given a Stable group of one
        JoinGroupResult member = fixture.stableGroup("a").get(0);

        assertEquals(BrokerError.ILLEGAL_GENERATION, done(fixture.sync(member.memberId(), 7, Map.of())).error());
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, done(fixture.sync("nobody", 1, Map.of())).error());
    }

    private static List<String> memberIds(JoinGroupResult result) {
        return result.members().stream().map(JoinGroupResult.JoinedMember::memberId).toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
