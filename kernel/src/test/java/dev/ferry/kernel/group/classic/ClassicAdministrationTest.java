package dev.ferry.kernel.group.classic;

import static dev.ferry.kernel.group.classic.ClassicGroupsFixture.GROUP;
import static dev.ferry.kernel.group.classic.ClassicGroupsFixture.done;
import static dev.ferry.kernel.group.classic.ClassicGroupsFixture.protocols;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import dev.ferry.spi.group.ClassicGroupDescription;
import dev.ferry.spi.group.GroupListing;
import dev.ferry.spi.group.GroupProtocol;
import dev.ferry.spi.group.GroupType;
import dev.ferry.spi.group.JoinGroup;
import dev.ferry.spi.group.JoinGroupResult;
import dev.ferry.spi.group.LeavingMember;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.Test;

class ClassicAdministrationTest {

    private final ClassicGroupsFixture fixture = new ClassicGroupsFixture();

    @Test
    void aCommitFromOutsideTheGroupIsTakenOnlyWhileNoMemberIsThere() {
        // A group that does not exist (or only holds offsets) takes a simple commit, not a member's
        assertEquals(BrokerError.NONE, fixture.groups.validateOffsetCommit(GROUP, "", Optional.empty(), -1));
        assertEquals(BrokerError.ILLEGAL_GENERATION,
                fixture.groups.validateOffsetCommit(GROUP, "m", Optional.empty(), 3));

        // A group with members refuses it
        String member = fixture.stableGroup("a").get(0).memberId();
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID,
                fixture.groups.validateOffsetCommit(GROUP, "", Optional.empty(), -1));

        // An emptied group takes it again
        fixture.groups.leave(GROUP, List.of(new LeavingMember(member, Optional.empty())));
        assertEquals(BrokerError.NONE, fixture.groups.validateOffsetCommit(GROUP, "", Optional.empty(), -1));
    }

    @Test
    void aMembersCommitMustBeOfTheCurrentGeneration() {
        // Given a Stable group of one in generation 1
        String member = fixture.stableGroup("a").get(0).memberId();

        assertEquals(BrokerError.NONE, fixture.groups.validateOffsetCommit(GROUP, member, Optional.empty(), 1));
        assertEquals(BrokerError.ILLEGAL_GENERATION,
                fixture.groups.validateOffsetCommit(GROUP, member, Optional.empty(), 0));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID,
                fixture.groups.validateOffsetCommit(GROUP, "nobody", Optional.empty(), 1));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID,
                fixture.groups.validateOffsetCommit(GROUP, member, Optional.of("not-static"), 1));
    }

    @Test
    void aCommitBeforeTheAssignmentIsKnownIsToldARebalanceIsInProgress() {
        // Given a member in generation 1 that has not synced
        CompletableFuture<JoinGroupResult> join = fixture.join("", "a");
        fixture.timer.advance(ClassicGroupsFixture.INITIAL_DELAY_MS);

        assertEquals(BrokerError.REBALANCE_IN_PROGRESS,
                fixture.groups.validateOffsetCommit(GROUP, done(join).memberId(), Optional.empty(), 1));
    }

    @Test
    void aCommitFromAStaticMembersOldInstanceIsFenced() {
        // Given a static member replaced by a new instance
        CompletableFuture<JoinGroupResult> first = fixture.groups.join(ClassicGroupsFixture.request("", "c",
                Optional.of("i-1"), protocols("range")));
        fixture.timer.advance(ClassicGroupsFixture.INITIAL_DELAY_MS);
        fixture.syncAll(List.of(done(first)), "c");
        done(fixture.groups.join(ClassicGroupsFixture.request("", "c", Optional.of("i-1"), protocols("range"))));

        assertEquals(BrokerError.FENCED_INSTANCE_ID,
                fixture.groups.validateOffsetCommit(GROUP, done(first).memberId(), Optional.of("i-1"), 1));
    }

    @Test
    void aConsumerGroupKeepsTheOffsetsOfTheTopicsItsMembersSubscribeTo() {
        // Given a Stable group of consumers subscribed to t1 and t2
        JoinGroup request = new JoinGroup(GROUP, "", Optional.empty(), "consumer",
                List.of(new GroupProtocol("range", subscription("t1", "t2"))), 10_000, 20_000, "a", "/127.0.0.1",
                false);
        CompletableFuture<JoinGroupResult> join = fixture.groups.join(request);
        fixture.timer.advance(ClassicGroupsFixture.INITIAL_DELAY_MS);
        fixture.syncAll(List.of(done(join)), "a");

        // When asked which topics it consumes
        Predicate<String> consumed = fixture.groups.consumedTopics(GROUP).orElseThrow();

        // Then those two
        assertTrue(consumed.test("t1"));
        assertTrue(consumed.test("t2"));
        assertFalse(consumed.test("t3"));
    }

    @Test
    void aConsumerGroupWhoseSubscriptionsCannotBeReadKeepsAllItsOffsets() {
        // Given a Stable group of consumers whose metadata is not Kafka's consumer protocol
        CompletableFuture<JoinGroupResult> join = fixture.join("", "a");
        fixture.timer.advance(ClassicGroupsFixture.INITIAL_DELAY_MS);
        fixture.syncAll(List.of(done(join)), "a");

        assertTrue(fixture.groups.consumedTopics(GROUP).orElseThrow().test("any"));
    }

    @Test
    void aNonEmptyGroupOfAnotherProtocolTypeKeepsAllItsOffsets() {
        // Given a group of Kafka Connect workers
        fixture.groups.join(new JoinGroup(GROUP, "", Optional.empty(), "connect", protocols("sessioned"), 10_000,
                20_000, "w", "/127.0.0.1", false));

        BrokerException refused = assertThrows(BrokerException.class, () -> fixture.groups.consumedTopics(GROUP));
        assertEquals(BrokerError.NON_EMPTY_GROUP, refused.error());
    }

    @Test
    void anEmptyGroupConsumesNothingAndAnUnknownOneIsNotThere() {
        // Given a group whose only member left
        String member = fixture.stableGroup("a").get(0).memberId();
        fixture.groups.leave(GROUP, List.of(new LeavingMember(member, Optional.empty())));

        assertFalse(fixture.groups.consumedTopics(GROUP).orElseThrow().test("t1"));
        assertEquals(Optional.empty(), fixture.groups.consumedTopics("unknown"));
    }

    @Test
    void offsetsAgeFromWhenTheGroupBecameEmpty() {
        // A group this does not hold ages its offsets from their commits
        assertEquals(OptionalLong.of(0), fixture.groups.emptySinceMs(GROUP));

        // A group with members keeps them
        String member = fixture.stableGroup("a").get(0).memberId();
        assertEquals(OptionalLong.empty(), fixture.groups.emptySinceMs(GROUP));

        // An emptied group ages them from then
        fixture.timer.advance(1_000);
        long emptiedAt = fixture.timer.nowMs();
        fixture.groups.leave(GROUP, List.of(new LeavingMember(member, Optional.empty())));
        assertEquals(OptionalLong.of(emptiedAt), fixture.groups.emptySinceMs(GROUP));
    }

    @Test
    void onlyAnEmptyGroupCanBeDeleted() {
        // Given a group with a member
        String member = fixture.stableGroup("a").get(0).memberId();

        assertEquals(BrokerError.NON_EMPTY_GROUP, fixture.groups.delete(GROUP));
        fixture.groups.leave(GROUP, List.of(new LeavingMember(member, Optional.empty())));
        assertEquals(BrokerError.NONE, fixture.groups.delete(GROUP));
        assertEquals(Optional.empty(), fixture.groups.describe(GROUP));
        assertEquals(BrokerError.GROUP_ID_NOT_FOUND, fixture.groups.delete(GROUP));
    }

    @Test
    void theCleanUpDropsEmptyGroupsWithoutOffsets() {
        // Given two emptied groups, one of which holds offsets
        for (String group : List.of("kept", "dropped")) {
            CompletableFuture<JoinGroupResult> join = join(group);
            fixture.timer.advance(ClassicGroupsFixture.INITIAL_DELAY_MS);
            fixture.groups.leave(group, List.of(new LeavingMember(done(join).memberId(), Optional.empty())));
        }

        // When the clean-up runs
        fixture.groups.removeEmptyGroupsWithoutOffsets(Set.of("kept"));

        // Then only the group with offsets is left
        assertTrue(fixture.groups.describe("kept").isPresent());
        assertEquals(Optional.empty(), fixture.groups.describe("dropped"));
    }

    @Test
    void anEmptyGroupGivesItsIdUpToAConsumerProtocolGroup() {
        // Given a group with a member, and an emptied one
        fixture.join("", "a");
        CompletableFuture<JoinGroupResult> other = join("other");
        fixture.timer.advance(ClassicGroupsFixture.INITIAL_DELAY_MS);
        fixture.groups.leave("other", List.of(new LeavingMember(done(other).memberId(), Optional.empty())));

        // Then only the group with a member holds its id
        assertTrue(fixture.groups.holdsWithMembers(GROUP));
        assertFalse(fixture.groups.holdsWithMembers("other"));
        assertEquals(Optional.empty(), fixture.groups.describe("other"));
        assertFalse(fixture.groups.holdsWithMembers("unknown"));
    }

    @Test
    void groupsAreListedAndDescribedWithKafkasStateNames() {
        // Given a Stable group of one
        JoinGroupResult member = fixture.stableGroup("a").get(0);

        // When listed and described
        List<GroupListing> listings = fixture.groups.list();
        ClassicGroupDescription description = fixture.groups.describe(GROUP).orElseThrow();

        // Then it is shown with its protocol, members, metadata and assignment
        assertEquals(List.of(new GroupListing(GROUP, GroupType.CLASSIC, "consumer", "Stable")), listings);
        assertEquals("consumer", description.protocolType());
        assertEquals("range", description.protocolName());
        ClassicGroupDescription.Member described = description.members().get(0);
        assertEquals(member.memberId(), described.memberId());
        assertEquals("a", described.clientId());
        assertArrayEquals("range".getBytes(), described.metadata());
        assertArrayEquals("a".getBytes(), described.assignment());
        assertEquals(Optional.empty(), fixture.groups.describe("unknown"));
    }

    @Test
    void duringARebalanceAGroupIsDescribedWithoutProtocolOrAssignments() {
        // Given a member waiting for the first rebalance
        fixture.join("", "a");

        ClassicGroupDescription description = fixture.groups.describe(GROUP).orElseThrow();

        assertEquals("PreparingRebalance", description.state());
        assertEquals("", description.protocolName());
        assertArrayEquals(new byte[0], description.members().get(0).metadata());
    }

    private CompletableFuture<JoinGroupResult> join(String groupId) {
        return fixture.groups.join(new JoinGroup(groupId, "", Optional.empty(), "consumer", protocols("range"),
                10_000, 20_000, "a", "/127.0.0.1", false));
    }

    private static byte[] subscription(String... topics) {
        ByteBuffer buffer = ConsumerProtocol.serializeSubscription(new Subscription(List.of(topics)));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
