package dev.ferry.coordinator.group.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.coordinator.group.GroupsTestContext;
import dev.ferry.coordinator.group.assignor.UniformAssignor;
import dev.ferry.coordinator.runtime.TestTopics;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.ConsumerGroupDescription;
import dev.ferry.services.group.ConsumerGroupHeartbeat;
import dev.ferry.services.group.ConsumerGroupHeartbeatResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsumerGroupStaticMembershipTest {

    private static final String GROUP = "g";
    private static final int SESSION_TIMEOUT_MS = 10_000;

    private final GroupsTestContext context = GroupsTestContext.builder()
            .topics(new TestTopics().with("t", 4))
            .consumer(new ConsumerGroupConfig(SESSION_TIMEOUT_MS, 1_000, 10))
            .assignors(new UniformAssignor())
            .build();
    private final TestMember first = staticMember("a", "instance-1");
    private final TestMember other = new TestMember(context, GROUP, "b");

    @BeforeEach
    void twoStableMembers() {
        first.join("t");
        other.join("t");
        for (int i = 0; i < 3; i++) {
            first.heartbeat();
            other.heartbeat();
        }
        assertEquals("Stable", describe().state());
    }

    @Test
    void aStaticMemberThatComesBackWithANewIdTakesItsPartitionsWithoutARebalance() {
        // Given
        ConsumerGroupHeartbeatResult left = first.leave(ConsumerGroupHeartbeat.LEAVE_STATIC_EPOCH);
        assertEquals(-2, left.memberEpoch());
        int groupEpoch = describe().groupEpoch();

        // When
        TestMember restarted = staticMember("a2", "instance-1");
        ConsumerGroupHeartbeatResult joined = restarted.join("t");

        // Then
        assertEquals(BrokerError.NONE, joined.error());
        assertEquals(first.owned(), joined.assignment().orElseThrow());
        assertEquals(groupEpoch, joined.memberEpoch());
        assertEquals(groupEpoch, describe().groupEpoch());
        assertEquals(List.of("a2", "b"), memberIds());
        assertEquals(BrokerError.FENCED_INSTANCE_ID, first.heartbeat().error());
    }

    @Test
    void anInstanceIdStillInUseCannotJoinAgain() {
        ConsumerGroupHeartbeatResult joined = staticMember("a2", "instance-1").join("t");

        assertEquals(BrokerError.UNRELEASED_INSTANCE_ID, joined.error());
        assertEquals(Optional.of("Static member a2 with instance id instance-1 cannot join the group because the"
                + " instance id is owned by a member."), joined.errorMessage());
    }

    @Test
    void aStaticMemberAwayForLongerThanItsSessionLosesItsPlace() {
        // Given
        first.leave(ConsumerGroupHeartbeat.LEAVE_STATIC_EPOCH);

        // When
        context.advance(SESSION_TIMEOUT_MS / 2);
        other.heartbeat();
        context.advance(SESSION_TIMEOUT_MS / 2);

        // Then
        assertEquals(List.of("b"), memberIds());
        assertEquals(4, other.heartbeat().assignment().orElseThrow().size());
    }

    @Test
    void aStaticMemberThatLeavesForGoodGivesUpItsPlaceAtOnce() {
        first.leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);

        assertEquals(List.of("b"), memberIds());
    }

    private TestMember staticMember(String memberId, String instanceId) {
        return new TestMember(context, GROUP, memberId, Optional.of(instanceId));
    }

    private ConsumerGroupDescription describe() {
        return GroupsTestContext.done(context.groups().describeConsumerGroup(GROUP)).orElseThrow();
    }

    private List<String> memberIds() {
        return describe().members().stream().map(ConsumerGroupDescription.Member::memberId).toList();
    }
}
