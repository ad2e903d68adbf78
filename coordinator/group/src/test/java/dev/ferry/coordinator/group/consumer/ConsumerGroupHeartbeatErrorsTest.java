package dev.ferry.coordinator.group.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.coordinator.group.GroupsTestContext;
import dev.ferry.coordinator.group.assignor.UniformAssignor;
import dev.ferry.coordinator.group.records.GroupRecord;
import dev.ferry.coordinator.runtime.TestTopics;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.ConsumerGroupDescription;
import dev.ferry.services.group.ConsumerGroupHeartbeat;
import dev.ferry.services.group.ConsumerGroupHeartbeatResult;
import dev.ferry.services.group.GroupProtocol;
import dev.ferry.services.group.GroupType;
import dev.ferry.services.group.JoinGroup;
import dev.ferry.services.group.JoinGroupResult;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.PartitionAssignor;
import dev.ferry.spi.assignor.PartitionAssignorException;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConsumerGroupHeartbeatErrorsTest {

    private static final String GROUP = "g";

    private final TestTopics topics = new TestTopics().with("t", 6);
    private final GroupsTestContext context = GroupsTestContext.builder()
            .topics(topics)
            .consumer(new ConsumerGroupConfig(10_000, 1_000, 2))
            .build();

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
        assertEquals(List.of(joined.memberId()), describe(context, GROUP).orElseThrow().members().stream()
                .map(member -> member.memberId()).toList());
    }

    @Test
    void anUnknownAssignorIsUnsupported() {
        ConsumerGroupHeartbeat join = TestMember.join(GROUP, "m1", List.of("t"));

        assertError(BrokerError.UNSUPPORTED_ASSIGNOR,
                "ServerAssignor sticky is not supported. Supported assignors: uniform, range.",
                new ConsumerGroupHeartbeat(GROUP, "m1", 0, Optional.empty(), Optional.empty(), 5_000, "c", "h",
                        join.subscribedTopicNames(), Optional.empty(), Optional.of("sticky"), Optional.of(List.of())));
        assertFalse(exists(context, GROUP));
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
        assertFalse(exists(context, GROUP));
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
        TestMember m1 = new TestMember(context, GROUP, "m1");
        m1.join("t");
        new TestMember(context, GROUP, "m2").join("t");
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
        // Given a classic group with a member joining
        CompletableFuture<JoinGroupResult> classicJoin = context.groups().joinGroup(new JoinGroup("classic", "",
                Optional.empty(), "consumer", List.of(new GroupProtocol("range", new byte[0])), 10_000, 20_000, "c",
                "/127.0.0.1", false));

        assertError(BrokerError.GROUP_ID_NOT_FOUND,
                "Cannot upgrade classic group classic to consumer group because online upgrade is disabled.",
                TestMember.join("classic", "m1", List.of("t")));
        assertError(BrokerError.GROUP_ID_NOT_FOUND, "Group classic is not a consumer group.",
                TestMember.heartbeat("classic", "m1", 3, List.of()));
        assertFalse(exists(context, "classic"));
        assertFalse(classicJoin.isDone());
        assertEquals(1, GroupsTestContext.done(context.groups().describeClassicGroup("classic")).orElseThrow()
                .members().size());
    }

    @Test
    void aFailingAssignorLeavesTheGroupAsItWas() {
        // Given
        GroupsTestContext failing = withAssignor(failingAbove(1));
        TestMember m1 = new TestMember(failing, GROUP, "m1");
        m1.join("t");
        List<GroupRecord> written = failing.records(GROUP);

        // When
        ConsumerGroupHeartbeatResult joined = new TestMember(failing, GROUP, "m2").join("t");

        // Then
        assertEquals(BrokerError.UNKNOWN_SERVER_ERROR, joined.error());
        assertEquals(Optional.of("Failed to compute a new target assignment for epoch 2: more than 1 members"),
                joined.errorMessage());
        ConsumerGroupDescription group = describe(failing, GROUP).orElseThrow();
        assertEquals(1, group.groupEpoch());
        assertEquals(1, group.members().size());
        assertEquals(written, failing.records(GROUP));
        assertEquals(BrokerError.NONE, m1.heartbeat().error());
    }

    @Test
    void aJoinThatFailsOnANewGroupLeavesNoGroupBehind() {
        GroupsTestContext failing = withAssignor(failingAbove(0));

        assertEquals(BrokerError.UNKNOWN_SERVER_ERROR,
                TestMember.send(failing, TestMember.join(GROUP, "m1", List.of("t"))).error());
        assertFalse(exists(failing, GROUP));
        assertEquals(List.of(), failing.records(GROUP));
    }

    private GroupsTestContext withAssignor(PartitionAssignor assignor) {
        return GroupsTestContext.builder()
                .topics(topics)
                .consumer(new ConsumerGroupConfig(10_000, 1_000, 10))
                .assignors(assignor)
                .build();
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
        return TestMember.send(context, request);
    }

    private static Optional<ConsumerGroupDescription> describe(GroupsTestContext context, String groupId) {
        return GroupsTestContext.done(context.groups().describeConsumerGroup(groupId));
    }

    /** Whether the group is there for a client to see: described, or listed. */
    private static boolean exists(GroupsTestContext context, String groupId) {
        return describe(context, groupId).isPresent() || GroupsTestContext.done(context.groups().listGroups())
                .stream()
                .anyMatch(listing -> listing.groupId().equals(groupId) && listing.type() == GroupType.CONSUMER);
    }
}
