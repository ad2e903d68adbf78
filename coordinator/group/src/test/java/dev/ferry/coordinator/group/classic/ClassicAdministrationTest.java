package dev.ferry.coordinator.group.classic;

import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.GROUP;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.INITIAL_DELAY_MS;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.done;
import static dev.ferry.coordinator.group.classic.ClassicGroupsFixture.protocols;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.coordinator.group.GroupsTestContext;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.ClassicGroupDescription;
import dev.ferry.services.group.ConsumerGroupHeartbeat;
import dev.ferry.services.group.ConsumerGroupHeartbeatResult;
import dev.ferry.services.group.GroupListing;
import dev.ferry.services.group.GroupProtocol;
import dev.ferry.services.group.GroupType;
import dev.ferry.services.group.JoinGroup;
import dev.ferry.services.group.JoinGroupResult;
import dev.ferry.services.group.LeavingMember;
import dev.ferry.spi.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.junit.jupiter.api.Test;

/**
 * What an administrator and the offsets of a classic group see of it: which commits it takes, which offsets it keeps,
 * how long they last once it is empty, and how it is listed, described and deleted.
 */
class ClassicAdministrationTest {

    private static final long RETENTION_MS = 60_000;
    private static final long RETENTION_CHECK_MS = 1_000;
    private static final TopicPartition T1 = new TopicPartition("t1", 0);
    private static final TopicPartition T2 = new TopicPartition("t2", 0);
    private static final TopicPartition T3 = new TopicPartition("t3", 0);

    private final ClassicGroupsFixture fixture = new ClassicGroupsFixture(GroupsTestContext.builder()
            .offsetsRetention(RETENTION_MS, RETENTION_CHECK_MS));
    private final GroupsTestContext context = fixture.context;

    @Test
    void aCommitFromOutsideTheGroupIsTakenOnlyWhileNoMemberIsThere() {
        // A group that does not exist (or only holds offsets) takes a simple commit, not a member's
        assertEquals(BrokerError.NONE, fixture.commit("", Optional.empty(), -1));
        assertEquals(BrokerError.ILLEGAL_GENERATION, fixture.commit("m", Optional.empty(), 3));

        // A group with members refuses it
        String member = fixture.stableGroup("a").get(0).memberId();
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, fixture.commit("", Optional.empty(), -1));

        // An emptied group takes it again
        fixture.leave(member);
        assertEquals(BrokerError.NONE, fixture.commit("", Optional.empty(), -1));
    }

    @Test
    void aMembersCommitMustBeOfTheCurrentGeneration() {
        // Given a Stable group of one in generation 1
        String member = fixture.stableGroup("a").get(0).memberId();

        assertEquals(BrokerError.NONE, fixture.commit(member, Optional.empty(), 1));
        assertEquals(BrokerError.ILLEGAL_GENERATION, fixture.commit(member, Optional.empty(), 0));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, fixture.commit("nobody", Optional.empty(), 1));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, fixture.commit(member, Optional.of("not-static"), 1));
    }

    @Test
    void aCommitTakenIsReadBackAndARefusedOneIsNot() {
        // Given a Stable group of one in generation 1
        String member = fixture.stableGroup("a").get(0).memberId();

        // When it commits in its generation, then in another
        context.commit(GROUP, member, 1, Optional.empty(), T1, 42);
        context.commit(GROUP, member, 2, Optional.empty(), T1, 43);

        // Then the first is the group's offset
        assertEquals(Map.of(T1, 42L), context.committed(GROUP));
    }

    @Test
    void aCommitBeforeTheAssignmentIsKnownIsToldARebalanceIsInProgress() {
        // Given a member in generation 1 that has not synced
        CompletableFuture<JoinGroupResult> join = fixture.join("", "a");
        fixture.advance(INITIAL_DELAY_MS);

        assertEquals(BrokerError.REBALANCE_IN_PROGRESS, fixture.commit(done(join).memberId(), Optional.empty(), 1));
    }

    @Test
    void aCommitFromAStaticMembersOldInstanceIsFenced() {
        // Given a static member replaced by a new instance
        CompletableFuture<JoinGroupResult> first = fixture.join(ClassicGroupsFixture.request("", "c",
                Optional.of("i-1"), protocols("range")));
        fixture.advance(INITIAL_DELAY_MS);
        fixture.syncAll(List.of(done(first)), "c");
        done(fixture.join(ClassicGroupsFixture.request("", "c", Optional.of("i-1"), protocols("range"))));

        assertEquals(BrokerError.FENCED_INSTANCE_ID, fixture.commit(done(first).memberId(), Optional.of("i-1"), 1));
    }

    @Test
    void aConsumerGroupKeepsTheOffsetsOfTheTopicsItsMembersSubscribeTo() {
        // Given a Stable group of consumers subscribed to t1 and t2, with offsets for t1 and t3
        JoinGroup request = new JoinGroup(GROUP, "", Optional.empty(), "consumer",
                List.of(new GroupProtocol("range", subscription("t1", "t2"))), 10_000, 20_000, "a", "/127.0.0.1",
                false);
        CompletableFuture<JoinGroupResult> join = fixture.join(request);
        fixture.advance(INITIAL_DELAY_MS);
        fixture.syncAll(List.of(done(join)), "a");
        String member = done(join).memberId();
        context.commit(GROUP, member, 1, Optional.empty(), T1, 1);
        context.commit(GROUP, member, 1, Optional.empty(), T3, 3);

        // When an administrator deletes the offsets of the three topics
        Map<TopicPartition, BrokerError> deleted = deleteOffsets(T1, T2, T3);

        // Then those of the two it consumes are kept
        assertEquals(Map.of(T1, BrokerError.GROUP_SUBSCRIBED_TO_TOPIC, T2, BrokerError.GROUP_SUBSCRIBED_TO_TOPIC,
                T3, BrokerError.NONE), deleted);
        assertEquals(Map.of(T1, 1L), context.committed(GROUP));
    }

    @Test
    void aConsumerGroupWhoseSubscriptionsCannotBeReadKeepsAllItsOffsets() {
        // Given a Stable group of consumers whose metadata is not Kafka's consumer protocol
        CompletableFuture<JoinGroupResult> join = fixture.join("", "a");
        fixture.advance(INITIAL_DELAY_MS);
        fixture.syncAll(List.of(done(join)), "a");

        assertEquals(Map.of(T3, BrokerError.GROUP_SUBSCRIBED_TO_TOPIC), deleteOffsets(T3));
    }

    @Test
    void aNonEmptyGroupOfAnotherProtocolTypeKeepsAllItsOffsets() {
        // Given a group of Kafka Connect workers
        fixture.join(new JoinGroup(GROUP, "", Optional.empty(), "connect", protocols("sessioned"), 10_000,
                20_000, "w", "/127.0.0.1", false));

        assertEquals(BrokerError.NON_EMPTY_GROUP,
                GroupsTestContext.failureOf(fixture.groups().deleteOffsets(GROUP, List.of(T1))));
    }

    @Test
    void anEmptyGroupConsumesNothingAndAnUnknownOneIsNotThere() {
        // Given a group whose only member left, with an offset for t1
        String member = fixture.stableGroup("a").get(0).memberId();
        fixture.leave(member);
        context.commit(GROUP, T1, 1);

        assertEquals(Map.of(T1, BrokerError.NONE), deleteOffsets(T1));
        assertEquals(Map.of(), context.committed(GROUP));
        assertEquals(BrokerError.GROUP_ID_NOT_FOUND,
                GroupsTestContext.failureOf(fixture.groups().deleteOffsets("unknown", List.of(T1))));
    }

    @Test
    void offsetsOfAGroupThatNeverHadMembersAgeFromTheirCommit() {
        // Given an offset committed from outside any group
        context.commit(GROUP, T1, 1);

        // When the retention passes, then one more check
        fixture.advance(RETENTION_MS - 1);
        assertEquals(Map.of(T1, 1L), context.committed(GROUP));
        fixture.advance(RETENTION_CHECK_MS);

        // Then it is gone, and with it the group
        assertEquals(Map.of(), context.committed(GROUP));
        assertEquals(Optional.empty(), fixture.describe(GROUP));
    }

    @Test
    void offsetsAgeFromWhenTheGroupBecameEmpty() {
        // Given a member that committed, then kept its session past the offsets' retention
        String member = fixture.stableGroup("a").get(0).memberId();
        assertEquals(BrokerError.NONE, fixture.commit(member, Optional.empty(), 1));
        for (long elapsed = 0; elapsed <= RETENTION_MS; elapsed += 5_000) {
            assertEquals(BrokerError.NONE, fixture.heartbeat(member, 1));
            fixture.advance(5_000);
        }
        assertEquals(1, context.committed(GROUP).size());

        // When it leaves, and the retention passes from then
        fixture.leave(member);
        fixture.advance(RETENTION_MS - 1);
        assertEquals(1, context.committed(GROUP).size());
        fixture.advance(RETENTION_CHECK_MS);

        // Then the offsets expire, and the empty group without offsets goes
        assertEquals(Map.of(), context.committed(GROUP));
        assertEquals(Optional.empty(), fixture.describe(GROUP));
    }

    @Test
    void onlyAnEmptyGroupCanBeDeletedAndItsOffsetsGoWithIt() {
        // Given a group with a member
        String member = fixture.stableGroup("a").get(0).memberId();
        assertEquals(BrokerError.NONE, fixture.commit(member, Optional.empty(), 1));

        assertEquals(BrokerError.NON_EMPTY_GROUP, deleteGroup());
        fixture.leave(member);
        assertEquals(BrokerError.NONE, deleteGroup());
        assertEquals(Optional.empty(), fixture.describe(GROUP));
        assertEquals(Map.of(), context.committed(GROUP));
        assertEquals(BrokerError.GROUP_ID_NOT_FOUND, deleteGroup());
    }

    @Test
    void theCleanUpDropsEmptyGroupsWithoutOffsets() {
        // Given two emptied groups, one of which holds offsets
        context.commit("kept", T1, 1);
        CompletableFuture<JoinGroupResult> kept = join("kept");
        CompletableFuture<JoinGroupResult> dropped = join("dropped");
        fixture.advance(INITIAL_DELAY_MS);
        fixture.leave("kept", List.of(new LeavingMember(done(kept).memberId(), Optional.empty())));
        fixture.leave("dropped", List.of(new LeavingMember(done(dropped).memberId(), Optional.empty())));
        assertEquals("Empty", fixture.describe("dropped").orElseThrow().state());

        // When the clean-up runs
        fixture.advance(RETENTION_CHECK_MS);

        // Then only the group with offsets is left, as it was
        ClassicGroupDescription left = fixture.describe("kept").orElseThrow();
        assertEquals("Empty", left.state());
        assertEquals("consumer", left.protocolType());
        assertEquals(Optional.empty(), fixture.describe("dropped"));
    }

    @Test
    void anEmptyGroupGivesItsIdUpToAConsumerProtocolGroup() {
        // Given a group with a member, and an emptied one
        fixture.join("", "a");
        CompletableFuture<JoinGroupResult> other = join("other");
        fixture.advance(INITIAL_DELAY_MS);
        fixture.leave("other", List.of(new LeavingMember(done(other).memberId(), Optional.empty())));

        // When a consumer-protocol member joins each
        ConsumerGroupHeartbeatResult refused = consumerJoin(GROUP);
        ConsumerGroupHeartbeatResult taken = consumerJoin("other");

        // Then only the group with a member keeps its id
        assertEquals(BrokerError.GROUP_ID_NOT_FOUND, refused.error());
        assertEquals(1, fixture.describe(GROUP).orElseThrow().members().size());
        assertEquals(BrokerError.NONE, taken.error());
        assertEquals(Optional.empty(), fixture.describe("other"));
        assertTrue(done(fixture.groups().describeConsumerGroup("other")).isPresent());
    }

    @Test
    void groupsAreListedAndDescribedWithKafkasStateNames() {
        // Given a Stable group of one
        JoinGroupResult member = fixture.stableGroup("a").get(0);

        // When listed and described
        List<GroupListing> listings = done(fixture.groups().listGroups());
        ClassicGroupDescription description = fixture.describe(GROUP).orElseThrow();

        // Then it is shown with its protocol, members, metadata and assignment
        assertEquals(List.of(new GroupListing(GROUP, GroupType.CLASSIC, "consumer", "Stable")), listings);
        assertEquals("consumer", description.protocolType());
        assertEquals("range", description.protocolName());
        ClassicGroupDescription.Member described = description.members().get(0);
        assertEquals(member.memberId(), described.memberId());
        assertEquals("a", described.clientId());
        assertArrayEquals("range".getBytes(), described.metadata());
        assertArrayEquals("a".getBytes(), described.assignment());
        assertEquals(Optional.empty(), fixture.describe("unknown"));
    }

    @Test
    void duringARebalanceAGroupIsDescribedWithoutProtocolOrAssignments() {
        // Given a member waiting for the first rebalance
        fixture.join("", "a");

        ClassicGroupDescription description = fixture.describe(GROUP).orElseThrow();

        assertEquals("PreparingRebalance", description.state());
        assertEquals("", description.protocolName());
        assertArrayEquals(new byte[0], description.members().get(0).metadata());
    }

    private CompletableFuture<JoinGroupResult> join(String groupId) {
        return fixture.join(new JoinGroup(groupId, "", Optional.empty(), "consumer", protocols("range"),
                10_000, 20_000, "a", "/127.0.0.1", false));
    }

    private Map<TopicPartition, BrokerError> deleteOffsets(TopicPartition... partitions) {
        return done(fixture.groups().deleteOffsets(GROUP, List.of(partitions)));
    }

    private BrokerError deleteGroup() {
        return done(fixture.groups().deleteGroups(List.of(GROUP))).get(GROUP);
    }

    private ConsumerGroupHeartbeatResult consumerJoin(String groupId) {
        return done(fixture.groups().consumerGroupHeartbeat(new ConsumerGroupHeartbeat(groupId, "m1", 0,
                Optional.empty(), Optional.empty(), 5_000, "client", "/127.0.0.1", Optional.of(List.of("t1")),
                Optional.empty(), Optional.empty(), Optional.of(List.of()))));
    }

    private static byte[] subscription(String... topics) {
        ByteBuffer buffer = ConsumerProtocol.serializeSubscription(new Subscription(List.of(topics)));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
