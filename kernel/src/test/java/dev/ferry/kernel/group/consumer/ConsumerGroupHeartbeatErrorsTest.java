package dev.ferry.kernel.group.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.kernel.group.assignor.RangeAssignor;
import dev.ferry.kernel.group.assignor.UniformAssignor;
import dev.ferry.kernel.testing.TestTopics;
import dev.ferry.kernel.time.ManualTimer;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.assignor.PartitionAssignorException;
import dev.ferry.spi.assignor.SubscribedTopics;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.group.ConsumerGroupDescription;
import dev.ferry.spi.group.ConsumerGroupHeartbeat;
import dev.ferry.spi.group.ConsumerGroupHeartbeatResult;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsumerGroupHeartbeatErrorsTest {

    private static final String GROUP = "g";

    private final TestTopics topics = new TestTopics().with("t", 6);
    private final ManualTimer timer = new ManualTimer();
    private final Set<String> classicGroups = Set.of("classic");
    private final ConsumerGroups groups = new ConsumerGroups(topics,
            List.of(new UniformAssignor(), new RangeAssignor()), new ConsumerGroupConfig(10_000, 1_000, 2), timer, classicGroups::contains);

    @Test
    void anEmptyGroupIdIsAnInvalidRequest() {
        assertError(BrokerError.INVALID_REQUEST, "GroupId can't be empty.", TestMember.join("", "m1", List.of("t")));
    }

    @Test
    void aJoinMustSubscribe() {
        ConsumerGroupHeartbeat join = new ConsumerGroupHeartbeat(GROUP, "m1", 0, Optional.empty(), Optional.empty(),
                5_000, "client", "/127.0.0.1", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(List.of()));

        assertError(BrokerError.INVALID_REQUEST,
                "Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.", join);
    }

    @Test
    void aJoinMustGiveItsRebalanceTimeoutAndOwnNothing() {
        ConsumerGroupHeartbeat join = TestMember.join(GROUP, "m1", List.of("t"));

        assertError(BrokerError.INVALID_REQUEST, "RebalanceTimeoutMs must be provided in first request.",
                new ConsumerGroupHeartbeat(GROUP, "m1", 0, Optional.empty(), Optional.empty(), -1, "c", "h",
                        join.subscribedTopicNames(), Optional.empty(), Optional.empty(), Optional.of(List.of())));
        assertError(BrokerError.INVALID_REQUEST, "TopicPartitions must be empty when (re-)joining.",
                new ConsumerGroupHeartbeat(GROUP, "m1", 0, Optional.empty(), Optional.empty(), 5_000, "c", "h",
                        join.subscribedTopicNames(), Optional.empty(), Optional.empty(),
                        Optional.of(List.of(new TopicPartition("t", 0)))));
    }

    @Test
    void aHeartbeatMustNameItsMember() {
        assertError(BrokerError.INVALID_REQUEST, "MemberId can't be empty.",
                TestMember.heartbeat(GROUP, "", 1, List.of()));
    }

    @Test
    void anEpochBelowMinusTwoIsInvalid() {
        assertError(BrokerError.INVALID_REQUEST, "MemberEpoch is invalid.",
                TestMember.heartbeat(GROUP, "m1", -3, List.of()));
    }

    @Test
    void aJoinWithoutMemberIdIsGivenOne() {
        ConsumerGroupHeartbeatResult joined = send(TestMember.join(GROUP, "", List.of("t")));

        assertEquals(BrokerError.NONE, joined.error());
        assertFalse(joined.memberId().isEmpty());
        assertEquals(List.of(joined.memberId()), groups.describe(GROUP).orElseThrow().members().stream()
                .map(member -> member.memberId()).toList());
    }

    @Test
    void anUnknownAssignorIsUnsupported() {
        ConsumerGroupHeartbeat join = TestMember.join(GROUP, "m1", List.of("t"));

        assertError(BrokerError.UNSUPPORTED_ASSIGNOR,
                "ServerAssignor sticky is not supported. Supported assignors: uniform, range.",
                new ConsumerGroupHeartbeat(GROUP, "m1", 0, Optional.empty(), Optional.empty(), 5_000, "c", "h",
                        join.subscribedTopicNames(), Optional.empty(), Optional.of("sticky"), Optional.of(List.of())));
        assertFalse(groups.contains(GROUP));
    }

    @Test
    void anInvalidRegularExpressionIsAnInvalidRequest() {
        ConsumerGroupHeartbeat join = new ConsumerGroupHeartbeat(GROUP, "m1", 0, Optional.empty(), Optional.empty(),
                5_000, "c", "h", Optional.empty(), Optional.of("orders-("), Optional.empty(), Optional.of(List.of()));

        assertEquals(BrokerError.INVALID_REQUEST, send(join).error());
    }

    @Test
    void aMemberOfAnUnknownGroupMustJoinAgain() {
        assertError(BrokerError.UNKNOWN_MEMBER_ID, "Member m1 is not a member of group g.",
                TestMember.heartbeat(GROUP, "m1", 1, List.of()));
        assertFalse(groups.contains(GROUP));
    }

    @Test
    void aHeartbeatOfAnUnknownMemberIsRefused() {
        send(TestMember.join(GROUP, "m1", List.of("t")));

        assertError(BrokerError.UNKNOWN_MEMBER_ID, "Member m2 is not a member of group g.",
                TestMember.heartbeat(GROUP, "m2", 1, List.of()));
    }

    @Test
    void aStaleOrFutureEpochIsFenced() {
        // Given m1 at epoch 2 (m2's join moved it on), previously at epoch 1
        TestMember m1 = new TestMember(groups, GROUP, "m1");
        m1.join("t");
        new TestMember(groups, GROUP, "m2").join("t");
        m1.heartbeat();
        m1.heartbeat();
        assertEquals(2, m1.epoch());

        // Then
        assertEquals(BrokerError.FENCED_MEMBER_EPOCH,
                send(TestMember.heartbeat(GROUP, "m1", 3, m1.owned())).error());
        assertEquals(BrokerError.FENCED_MEMBER_EPOCH, send(TestMember.join(GROUP, "m1", List.of("t"))).error());
        assertEquals(BrokerError.FENCED_MEMBER_EPOCH, send(TestMember.heartbeat(GROUP, "m1", 1,
                ConsumerGroupsTest.partitions("t", 0, 1, 2, 3, 4, 5))).error());

        // But the previous epoch with a part of the assignment passes: the answer may have been lost
        ConsumerGroupHeartbeatResult lateAnswer = send(TestMember.heartbeat(GROUP, "m1", 1, m1.owned()));
        assertEquals(BrokerError.NONE, lateAnswer.error());
        assertEquals(2, lateAnswer.memberEpoch());
    }

    @Test
    void aFullGroupTakesNoNewMember() {
        send(TestMember.join(GROUP, "m1", List.of("t")));
        send(TestMember.join(GROUP, "m2", List.of("t")));

        assertError(BrokerError.GROUP_MAX_SIZE_REACHED,
                "The consumer group has reached its maximum capacity of 2 members.",
                TestMember.join(GROUP, "m3", List.of("t")));
    }

    @Test
    void aClassicGroupWithMembersKeepsItsId() {
        assertError(BrokerError.GROUP_ID_NOT_FOUND,
                "Cannot upgrade classic group classic to consumer group because online upgrade is disabled.",
                TestMember.join("classic", "m1", List.of("t")));
        assertError(BrokerError.GROUP_ID_NOT_FOUND, "Group classic is not a consumer group.",
                TestMember.heartbeat("classic", "m1", 3, List.of()));
        assertFalse(groups.contains("classic"));
    }

    @Test
    void aFailingAssignorLeavesTheGroupAsItWas() {
        // Given
        ConsumerGroups failingGroups = withAssignor(failingAbove(1));
        TestMember m1 = new TestMember(failingGroups, GROUP, "m1");
        m1.join("t");

        // When
        ConsumerGroupHeartbeatResult joined = new TestMember(failingGroups, GROUP, "m2").join("t");

        // Then
        assertEquals(BrokerError.UNKNOWN_SERVER_ERROR, joined.error());
        assertEquals(Optional.of("Failed to compute a new target assignment for epoch 2: more than 1 members"),
                joined.errorMessage());
        ConsumerGroupDescription group = failingGroups.describe(GROUP).orElseThrow();
        assertEquals(1, group.groupEpoch());
        assertEquals(1, group.members().size());
        assertEquals(BrokerError.NONE, m1.heartbeat().error());
    }

    @Test
    void aJoinThatFailsOnANewGroupLeavesNoGroupBehind() {
        ConsumerGroups failingGroups = withAssignor(failingAbove(0));

        assertEquals(BrokerError.UNKNOWN_SERVER_ERROR,
                failingGroups.heartbeat(TestMember.join(GROUP, "m1", List.of("t"))).join().error());
        assertFalse(failingGroups.contains(GROUP));
    }

    private ConsumerGroups withAssignor(PartitionAssignor assignor) {
        return new ConsumerGroups(topics, List.of(assignor), new ConsumerGroupConfig(10_000, 1_000, 10), timer, id -> false);
    }

    /** The uniform assignor, except that it fails for groups of more than {@code members}. */
    private static PartitionAssignor failingAbove(int members) {
        return new PartitionAssignor() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public GroupAssignment assign(GroupSpec group, SubscribedTopics subscribed) {
                if (group.members().size() > members) {
                    throw new PartitionAssignorException("more than " + members + " members");
                }
                return new UniformAssignor().assign(group, subscribed);
            }
        };
    }

    private void assertError(BrokerError error, String message, ConsumerGroupHeartbeat request) {
        ConsumerGroupHeartbeatResult result = send(request);
        assertEquals(error, result.error());
        assertEquals(Optional.of(message), result.errorMessage());
    }

    private ConsumerGroupHeartbeatResult send(ConsumerGroupHeartbeat request) {
        return groups.heartbeat(request).join();
    }
}
