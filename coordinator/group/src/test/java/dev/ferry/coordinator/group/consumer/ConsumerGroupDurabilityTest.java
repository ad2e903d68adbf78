package dev.ferry.coordinator.group.consumer;

import static dev.ferry.coordinator.group.GroupsTestContext.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.coordinator.group.GroupsTestContext;
import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.coordinator.runtime.TestTopics;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.ConsumerGroupDescription;
import dev.ferry.services.group.ConsumerGroupHeartbeat;
import dev.ferry.services.group.ConsumerGroupHeartbeatResult;
import dev.ferry.services.group.GroupListing;
import dev.ferry.spi.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Consumer-protocol groups are durable: each change is written as Kafka's ConsumerGroup* records, in Kafka's order,
 * and a restarted coordinator replays them into the same group, whose members carry on without a rebalance.
 */
class ConsumerGroupDurabilityTest {

    private static final String GROUP = "g";
    private static final int SESSION_TIMEOUT_MS = 10_000;

    private final GroupsTestContext context = GroupsTestContext.builder()
            .topics(new TestTopics().with("t", 6))
            .consumer(new ConsumerGroupConfig(SESSION_TIMEOUT_MS, 1_000, 100))
            .build();
    private final TestMember m1 = new TestMember(context, GROUP, "m1");
    private final TestMember m2 = new TestMember(context, GROUP, "m2");

    @Test
    void aStableGroupKeepsItsMembersEpochsAndAssignmentsOverARestart() {
        // Given a Stable group of two
        m1.join("t");
        m2.join("t");
        settle(m1, m2);
        ConsumerGroupDescription before = describe().orElseThrow();

        // When the coordinator restarts
        context.restart();

        // Then it is the same group
        assertEquals(before, describe().orElseThrow());

        // And its members' heartbeats at their epochs are answered without a rebalance
        int epoch = m1.epoch();
        List<TopicPartition> owned = m1.owned();
        ConsumerGroupHeartbeatResult heartbeat = m1.heartbeat();
        assertEquals(BrokerError.NONE, heartbeat.error());
        assertEquals(epoch, heartbeat.memberEpoch());
        assertEquals(Optional.empty(), heartbeat.assignment());
        ConsumerGroupHeartbeatResult full = m2.fullHeartbeat();
        assertEquals(BrokerError.NONE, full.error());
        assertEquals(m2.epoch(), full.memberEpoch());
        assertEquals(before.members().get(1).assignment(), full.assignment().orElseThrow());
        assertEquals(owned, m1.owned());
        assertEquals(before, describe().orElseThrow());
    }

    @Test
    void aMemberThatNeverHeartbeatsAgainAfterARestartIsRemovedOnceItsSessionTimesOut() {
        // Given a Stable group of two, and a restart
        m1.join("t");
        m2.join("t");
        settle(m1, m2);
        context.restart();

        // When only m1 heartbeats
        context.advance(SESSION_TIMEOUT_MS / 2);
        m1.heartbeat();
        context.advance(SESSION_TIMEOUT_MS / 2);

        // Then m2 is gone and m1 gets every partition
        assertEquals(List.of("m1"), memberIds());
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, m2.heartbeat().error());
        assertEquals(6, m1.heartbeat().assignment().orElseThrow().size());
    }

    @Test
    void aStaticMemberAwayOverARestartTakesItsPlaceBackWithoutARebalance() {
        // Given a static member that left for now, and a restart
        TestMember first = new TestMember(context, GROUP, "a", Optional.of("instance-1"));
        first.join("t");
        m2.join("t");
        settle(first, m2);
        first.leave(ConsumerGroupHeartbeat.LEAVE_STATIC_EPOCH);
        int groupEpoch = describe().orElseThrow().groupEpoch();
        context.restart();

        // When its new instance joins
        ConsumerGroupHeartbeatResult joined = new TestMember(context, GROUP, "a2", Optional.of("instance-1"))
                .join("t");

        // Then it has the old instance's partitions, in the same group epoch
        assertEquals(BrokerError.NONE, joined.error());
        assertEquals(first.owned(), joined.assignment().orElseThrow());
        assertEquals(groupEpoch, describe().orElseThrow().groupEpoch());
    }

    @Test
    void anEmptyGroupStaysEmptyAndADeletedGroupStaysDeletedOverARestart() {
        // Given an emptied group, and another deleted once empty
        m1.join("t");
        m1.leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);
        TestMember other = new TestMember(context, "deleted", "o1");
        other.join("t");
        other.leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);
        assertEquals(Map.of("deleted", BrokerError.NONE), done(context.groups().deleteGroups(List.of("deleted"))));
        ConsumerGroupDescription empty = describe().orElseThrow();

        // When the coordinator restarts
        context.restart();

        // Then the first is there, empty, in its epoch; the deleted one is not
        assertEquals(empty, describe().orElseThrow());
        assertEquals("Empty", empty.state());
        assertEquals(2, empty.groupEpoch());
        assertEquals(Optional.empty(), done(context.groups().describeConsumerGroup("deleted")));
        assertEquals(List.of(GROUP), done(context.groups().listGroups()).stream().map(GroupListing::groupId).toList());
    }

    @Test
    void aJoinAndALeaveAreWrittenAsKafkaWritesThemAndReplayIntoTheSameGroup() {
        // When m1 joins
        m1.join("t");

        // Then its subscription, the group epoch, its target and the target epoch, its assignment, in this order
        assertEquals(List.of("ConsumerGroupMember", "ConsumerGroupEpoch", "ConsumerGroupTargetMember",
                "ConsumerGroupTargetEpoch", "ConsumerGroupCurrentAssignment"), types(context.records(GROUP)));

        // When m2 joins, both settle, and m2 leaves
        m2.join("t");
        settle(m1, m2);
        int written = context.records(GROUP).size();
        m2.leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);

        // Then m2's assignment, target and subscription are deleted, in this order, and the group epoch bumped
        List<GroupRecord> leave = context.records(GROUP).subList(written, context.records(GROUP).size());
        assertEquals(List.of(new GroupRecord.ConsumerGroupCurrentAssignmentTombstone(GROUP, "m2"),
                new GroupRecord.ConsumerGroupTargetMemberTombstone(GROUP, "m2"),
                new GroupRecord.ConsumerGroupMemberTombstone(GROUP, "m2")), leave.subList(0, 3));
        GroupRecord.ConsumerGroupEpoch epoch = (GroupRecord.ConsumerGroupEpoch) leave.get(3);
        assertEquals(describe().orElseThrow().groupEpoch(), epoch.epoch());
        assertEquals(4, leave.size());

        // And what was written replays into the same group
        ConsumerGroupDescription before = describe().orElseThrow();
        context.restart();
        assertEquals(before, describe().orElseThrow());
    }

    @Test
    void aHeartbeatWhoseChangeCannotBeWrittenIsAnsweredWithAnErrorAndTheGroupIsAsTheLogLeftIt() {
        // Given a Stable group of one
        m1.join("t");
        ConsumerGroupDescription before = describe().orElseThrow();

        // When m2's join cannot be written
        context.log().failAppends(BrokerError.KAFKA_STORAGE_ERROR);
        ConsumerGroupHeartbeatResult joined = m2.join("t");
        context.log().failAppends(null);

        // Then m2 is told to find its coordinator again, and the group is as it was
        assertTrue(Set.of(BrokerError.NOT_COORDINATOR, BrokerError.COORDINATOR_NOT_AVAILABLE).contains(joined.error()),
                joined.error().toString());
        assertEquals(before, describe().orElseThrow());
        assertEquals(BrokerError.NONE, m1.heartbeat().error());
        assertEquals(before.groupEpoch(), m1.epoch());
    }

    private Optional<ConsumerGroupDescription> describe() {
        return done(context.groups().describeConsumerGroup(GROUP));
    }

    private List<String> memberIds() {
        return describe().orElseThrow().members().stream().map(ConsumerGroupDescription.Member::memberId).toList();
    }

    /** Heartbeats round after round until the group is stable. */
    private void settle(TestMember... members) {
        for (int round = 0; round < 10 && !describe().orElseThrow().state().equals("Stable"); round++) {
            for (TestMember member : members) {
                assertEquals(BrokerError.NONE, member.heartbeat().error());
            }
        }
        assertEquals("Stable", describe().orElseThrow().state());
    }

    private static List<String> types(List<GroupRecord> records) {
        return records.stream().map(record -> record.getClass().getSimpleName()).toList();
    }
}
