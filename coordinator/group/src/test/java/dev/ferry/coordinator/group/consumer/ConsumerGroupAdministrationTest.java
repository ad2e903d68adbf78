package dev.ferry.coordinator.group.consumer;

import static dev.ferry.coordinator.group.GroupsTestContext.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.coordinator.group.GroupsTestContext;
import dev.ferry.coordinator.group.assignor.UniformAssignor;
import dev.ferry.coordinator.runtime.TestTopics;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.ConsumerGroupDescription;
import dev.ferry.services.group.ConsumerGroupHeartbeat;
import dev.ferry.services.group.GroupListing;
import dev.ferry.services.group.GroupOffsets;
import dev.ferry.services.group.GroupType;
import dev.ferry.services.group.OffsetFetch;
import dev.ferry.spi.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What an administrator and the offsets of a consumer-protocol group see of it: how it is listed, described and
 * deleted, which commits and reads of offsets it takes, which offsets it keeps and how long.
 */
class ConsumerGroupAdministrationTest {

    private static final String GROUP = "g";
    private static final long RETENTION_MS = 60_000;
    private static final long RETENTION_CHECK_MS = 1_000;
    private static final TopicPartition T0 = new TopicPartition("t", 0);

    private final GroupsTestContext context = GroupsTestContext.builder()
            .topics(new TestTopics().with("t", 2).with("other", 1))
            .consumer(new ConsumerGroupConfig(10_000, 1_000, 10))
            .assignors(new UniformAssignor())
            .offsetsRetention(RETENTION_MS, RETENTION_CHECK_MS)
            .build();
    private final TestMember member = new TestMember(context, GROUP, "m1");

    @Test
    void aGroupIsListedAndDescribedWithItsMembers() {
        member.joinWith(new ConsumerGroupHeartbeat(GROUP, "m1", 0, Optional.of("i1"), Optional.of("rack-a"), 5_000,
                "client-1", "/10.0.0.1", Optional.of(List.of("t", "missing")), Optional.empty(), Optional.empty(),
                Optional.of(List.of())));

        assertEquals(List.of(new GroupListing(GROUP, GroupType.CONSUMER, "consumer", "Stable")),
                done(context.groups().listGroups()));
        List<TopicPartition> both = ConsumerGroupsTest.partitions("t", 0, 1);
        assertEquals(new ConsumerGroupDescription(GROUP, "Stable", 1, 1, "uniform", List.of(
                new ConsumerGroupDescription.Member("m1", Optional.of("i1"), Optional.of("rack-a"), 1, "client-1",
                        "/10.0.0.1", List.of("t", "missing"), Optional.empty(), both, both))),
                describe().orElseThrow());
        assertEquals(Optional.empty(), done(context.groups().describeClassicGroup(GROUP)));
    }

    @Test
    void theOffsetsOfTheTopicsTheMembersSubscribeToAreKept() {
        // Given a member subscribed to t and to a topic that does not exist yet, with offsets for t and other
        member.join("t", "missing");
        TopicPartition other = new TopicPartition("other", 0);
        TopicPartition missing = new TopicPartition("missing", 0);
        assertEquals(BrokerError.NONE, commit("m1", 1, T0));
        assertEquals(BrokerError.NONE, commit("m1", 1, other));

        // When an administrator deletes the offsets of the three topics
        Map<TopicPartition, BrokerError> deleted = done(context.groups().deleteOffsets(GROUP,
                List.of(T0, missing, other)));

        // Then only those of the topic no member subscribes to go
        assertEquals(Map.of(T0, BrokerError.GROUP_SUBSCRIBED_TO_TOPIC, missing, BrokerError.GROUP_SUBSCRIBED_TO_TOPIC,
                other, BrokerError.NONE), deleted);
        assertEquals(Map.of(T0, 1L), context.committed(GROUP));
    }

    @Test
    void onlyAnEmptyGroupIsDeleted() {
        member.join("t");
        assertEquals(BrokerError.NON_EMPTY_GROUP, deleteGroup());

        member.leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);

        assertEquals(BrokerError.NONE, deleteGroup());
        assertTrue(describe().isEmpty());
        assertEquals(List.of(), done(context.groups().listGroups()));
        assertEquals(BrokerError.GROUP_ID_NOT_FOUND, deleteGroup());
    }

    @Test
    void aMemberCommitsWithItsCurrentEpoch() {
        member.join("t");

        assertEquals(BrokerError.NONE, commit("m1", 1, T0));
        assertEquals(BrokerError.STALE_MEMBER_EPOCH, commit("m1", 0, T0));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, commit("m2", 1, T0));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, commit("", -1, T0));
    }

    @Test
    void anyoneCommitsToAGroupWithoutMembers() {
        member.join("t");
        member.leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);

        assertEquals(BrokerError.NONE, commit("", -1, T0));
        assertEquals(Map.of(T0, 1L), context.committed(GROUP));
    }

    @Test
    void offsetsAreReadByAnyoneOrByAMemberWithItsEpoch() {
        member.join("t");

        assertEquals(BrokerError.NONE, fetchError(Optional.empty(), -1));
        assertEquals(BrokerError.NONE, fetchError(Optional.of(""), -1));
        assertEquals(BrokerError.NONE, fetchError(Optional.of("m1"), 1));
        assertEquals(BrokerError.STALE_MEMBER_EPOCH, fetchError(Optional.of("m1"), 2));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, fetchError(Optional.of("m2"), 1));
    }

    @Test
    void theOffsetsOfAGroupWithMembersDoNotExpire() {
        // Given a member that committed
        member.join("t");
        assertEquals(BrokerError.NONE, commit("m1", 1, T0));

        // When it stays in the group for longer than the retention
        for (long elapsed = 0; elapsed <= 2 * RETENTION_MS; elapsed += 5_000) {
            assertEquals(BrokerError.NONE, member.heartbeat().error());
            context.advance(5_000);
        }

        // Then the offset is kept
        assertEquals(Map.of(T0, 1L), context.committed(GROUP));
    }

    @Test
    void offsetsAgeFromWhenTheGroupBecameEmptyThenTheGroupGoes() {
        // Given a member that committed, then stayed in the group past the retention
        member.join("t");
        assertEquals(BrokerError.NONE, commit("m1", 1, T0));
        for (long elapsed = 0; elapsed <= RETENTION_MS; elapsed += 5_000) {
            member.heartbeat();
            context.advance(5_000);
        }

        // When it leaves, and the retention passes from then
        member.leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);
        context.advance(RETENTION_MS - 1);
        assertEquals(Map.of(T0, 1L), context.committed(GROUP));
        context.advance(RETENTION_CHECK_MS);

        // Then the offset expires, and the empty group without offsets is deleted
        assertEquals(Map.of(), context.committed(GROUP));
        assertEquals(Optional.empty(), describe());
    }

    @Test
    void anEmptyGroupWithoutOffsetsGoesAtTheNextCleanUp() {
        // Given a group whose only member left
        member.join("t");
        member.leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);
        assertEquals("Empty", describe().orElseThrow().state());

        // When the clean-up runs
        context.advance(RETENTION_CHECK_MS);

        // Then the group is gone
        assertEquals(Optional.empty(), describe());
    }

    private BrokerError commit(String memberId, int memberEpoch, TopicPartition partition) {
        return context.commit(GROUP, memberId, memberEpoch, Optional.empty(), partition, 1);
    }

    private BrokerError fetchError(Optional<String> memberId, int memberEpoch) {
        CompletableFuture<GroupOffsets> fetched = context.groups().committedOffsets(
                new OffsetFetch(GROUP, memberId, memberEpoch, Optional.empty()));
        return GroupsTestContext.failureOf(fetched);
    }

    private BrokerError deleteGroup() {
        return done(context.groups().deleteGroups(List.of(GROUP))).get(GROUP);
    }

    private Optional<ConsumerGroupDescription> describe() {
        return done(context.groups().describeConsumerGroup(GROUP));
    }
}
