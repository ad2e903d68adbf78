package dev.ferry.coordinator.group.classic;

import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.GROUP;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.INITIAL_DELAY_MS;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.SESSION_TIMEOUT_MS;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.assertWaiting;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.done;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.ClassicGroupDescription;
import dev.ferry.services.group.JoinGroupResult;
import dev.ferry.services.group.SyncGroupResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Classic groups are durable: what a settled generation wrote to {@code __consumer_offsets} is what a restarted
 * coordinator serves, and a member hears of a generation only once the log holds it.
 */
class ClassicGroupDurabilityTest {

    private final ClassicGroupsFixture fixture = new ClassicGroupsFixture();

    @Test
    void aStableGroupKeepsItsMembersGenerationLeaderProtocolAndAssignmentsOverARestart() {
        // Given a Stable group of a, its leader, and b, in generation 1
        List<JoinGroupResult> members = fixture.stableGroup("a", "b");
        String a = members.get(0).memberId();
        String b = members.get(1).memberId();
        ClassicGroupDescription before = fixture.describe(GROUP).orElseThrow();

        // When the coordinator restarts
        fixture.context.restart();

        // Then the members carry on in generation 1, as the same group
        assertEquals(BrokerError.NONE, fixture.heartbeat(a, 1));
        assertEquals(BrokerError.NONE, fixture.heartbeat(b, 1));
        assertEquals(BrokerError.ILLEGAL_GENERATION, fixture.heartbeat(b, 2));
        assertEquals(BrokerError.NONE, fixture.commit(b, Optional.empty(), 1));
        assertSameGroup(before, fixture.describe(GROUP).orElseThrow());

        // And b, joining again as a client that lost its answer, is told the same generation, leader and protocol
        JoinGroupResult again = done(fixture.join(b, "b"));
        assertEquals(1, again.generationId());
        assertEquals(a, again.leaderId());
        assertEquals(Optional.of("range"), again.protocolName());
        assertEquals("Stable", fixture.state());
        SyncGroupResult assignment = done(fixture.sync(b, 1, Map.of()));
        assertArrayEquals(bytes("b"), assignment.assignment());
    }

    @Test
    void anEmptyGroupStaysEmptyInItsGenerationOverARestart() {
        // Given a group whose only member left: generation 2, empty
        String member = fixture.stableGroup("a").get(0).memberId();
        fixture.leave(member);

        // When the coordinator restarts
        fixture.context.restart();

        // Then the group is still there, empty, and its next generation is 3
        ClassicGroupDescription described = fixture.describe(GROUP).orElseThrow();
        assertEquals("Empty", described.state());
        assertEquals("consumer", described.protocolType());
        assertEquals(List.of(), described.members());
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, fixture.heartbeat(member, 1));
        CompletableFuture<JoinGroupResult> join = fixture.join("", "c");
        fixture.advance(INITIAL_DELAY_MS);
        assertEquals(3, done(join).generationId());
    }

    @Test
    void aDeletedGroupAndItsOffsetsStayDeletedOverARestart() {
        // Given a group emptied, with an offset, then deleted
        String member = fixture.stableGroup("a").get(0).memberId();
        assertEquals(BrokerError.NONE, fixture.commit(member, Optional.empty(), 1));
        fixture.leave(member);
        assertEquals(Map.of(GROUP, BrokerError.NONE), done(fixture.groups().deleteGroups(List.of(GROUP))));

        // When the coordinator restarts
        fixture.context.restart();

        // Then neither the group nor its offset is there
        assertEquals(Optional.empty(), fixture.describe(GROUP));
        assertEquals(Map.of(), fixture.context.committed(GROUP));
        assertEquals(List.of(), done(fixture.groups().listGroups()));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, done(fixture.join(member, "a")).error());
    }

    @Test
    void theGroupsRecordsAreKafkasInKafkasOrder() {
        // Given a Stable group of one that committed an offset
        String member = fixture.stableGroup("a").get(0).memberId();
        assertEquals(BrokerError.NONE, fixture.commit(member, Optional.empty(), 1));
        List<GroupRecord> stable = fixture.context.records(GROUP);

        // When the member leaves, and the group is deleted
        fixture.leave(member);
        done(fixture.groups().deleteGroups(List.of(GROUP)));

        // Then the log holds generation 1 (once settled), the offset, generation 2 (empty), the offset's tombstone,
        // and the group's tombstone last
        List<GroupRecord> records = fixture.context.records(GROUP);
        assertEquals(List.of("ClassicGroup", "OffsetCommit", "ClassicGroup", "OffsetTombstone", "GroupTombstone"),
                records.stream().map(record -> record.getClass().getSimpleName()).toList());
        assertEquals(records.subList(0, 2), stable);
        GroupRecord.ClassicGroup generation1 = assertInstanceOf(GroupRecord.ClassicGroup.class, records.get(0));
        assertEquals(1, generation1.generationId());
        assertEquals(Optional.of(member), generation1.leaderId());
        assertArrayEquals(bytes("a"), generation1.members().get(0).assignment());
        GroupRecord.ClassicGroup generation2 = assertInstanceOf(GroupRecord.ClassicGroup.class, records.get(2));
        assertEquals(2, generation2.generationId());
        assertEquals(List.of(), generation2.members());
    }

    @Test
    void aSyncWhoseGenerationCannotBeWrittenIsAnsweredWithAnErrorAndTheGroupIsAsTheLogLeftIt() {
        // Given a Stable group of a and b in generation 1, rebalancing to generation 2 with b waiting for its sync
        List<JoinGroupResult> members = fixture.stableGroup("a", "b");
        String a = members.get(0).memberId();
        String b = members.get(1).memberId();
        CompletableFuture<JoinGroupResult> leaderJoin = fixture.join(a, "a");
        assertEquals(2, done(fixture.join(b, "b")).generationId());
        assertEquals(2, done(leaderJoin).generationId());
        CompletableFuture<SyncGroupResult> followerSync = fixture.sync(b, 2, Map.of());
        assertWaiting(followerSync);
        int written = fixture.context.records(GROUP).size();

        // When the leader's assignment cannot be written
        fixture.context.log().failAppends(BrokerError.KAFKA_STORAGE_ERROR);
        CompletableFuture<SyncGroupResult> leaderSync = fixture.sync(a, 2, Map.of(a, bytes("a2"), b, bytes("b2")));
        fixture.context.log().failAppends(null);

        // Then neither member gets an assignment: each is told to find its coordinator again (the leader, whose own
        // request failed, hears the runtime's COORDINATOR_NOT_AVAILABLE, which a client takes the same way)
        assertNoAssignment(done(followerSync), Set.of(BrokerError.NOT_COORDINATOR));
        assertNoAssignment(done(leaderSync),
                Set.of(BrokerError.NOT_COORDINATOR, BrokerError.COORDINATOR_NOT_AVAILABLE));
        assertEquals(written, fixture.context.records(GROUP).size());

        // And the group is generation 1 as the log holds it: Stable, with its assignments
        assertEquals(BrokerError.NONE, fixture.heartbeat(a, 1));
        assertEquals(BrokerError.ILLEGAL_GENERATION, fixture.heartbeat(b, 2));
        ClassicGroupDescription described = fixture.describe(GROUP).orElseThrow();
        assertEquals("Stable", described.state());
        assertArrayEquals(bytes("a"), described.members().get(0).assignment());
        assertArrayEquals(bytes("b"), described.members().get(1).assignment());
    }

    private static void assertNoAssignment(SyncGroupResult result, Set<BrokerError> expected) {
        assertTrue(expected.contains(result.error()), result.error() + " is one of " + expected);
        assertArrayEquals(new byte[0], result.assignment());
        assertFalse(result.protocolName().isPresent());
    }

    private static void assertSameGroup(ClassicGroupDescription expected, ClassicGroupDescription actual) {
        assertEquals(expected.state(), actual.state());
        assertEquals(expected.protocolType(), actual.protocolType());
        assertEquals(expected.protocolName(), actual.protocolName());
        assertEquals(expected.members().size(), actual.members().size());
        for (int i = 0; i < expected.members().size(); i++) {
            ClassicGroupDescription.Member was = expected.members().get(i);
            ClassicGroupDescription.Member is = actual.members().get(i);
            assertEquals(List.of(was.memberId(), was.groupInstanceId(), was.clientId(), was.clientHost()),
                    List.of(is.memberId(), is.groupInstanceId(), is.clientId(), is.clientHost()));
            assertArrayEquals(was.metadata(), is.metadata());
            assertArrayEquals(was.assignment(), is.assignment());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
