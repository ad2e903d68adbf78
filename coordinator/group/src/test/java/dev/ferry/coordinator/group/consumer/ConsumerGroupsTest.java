package dev.ferry.coordinator.group.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.coordinator.group.GroupsTestContext;
import dev.ferry.coordinator.runtime.TestTopics;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.ConsumerGroupDescription;
import dev.ferry.services.group.ConsumerGroupHeartbeat;
import dev.ferry.services.group.ConsumerGroupHeartbeatResult;
import dev.ferry.spi.TopicPartition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsumerGroupsTest {

    private static final String GROUP = "g";
    private static final int SESSION_TIMEOUT_MS = 10_000;

    private final GroupsTestContext context = GroupsTestContext.builder()
            .topics(new TestTopics().with("t", 6))
            .consumer(new ConsumerGroupConfig(SESSION_TIMEOUT_MS, 1_000, 100))
            .build();
    private final TestTopics topics = context.topics();

    @Test
    void aMemberThatJoinsAloneGetsEveryPartition() {
        // When
        ConsumerGroupHeartbeatResult joined = member("m1").join("t");

        // Then
        assertEquals(BrokerError.NONE, joined.error());
        assertEquals("m1", joined.memberId());
        assertEquals(1, joined.memberEpoch());
        assertEquals(1_000, joined.heartbeatIntervalMs());
        assertEquals(Optional.of(partitions("t", 0, 1, 2, 3, 4, 5)), joined.assignment());
        assertEquals("Stable", describe().state());
    }

    @Test
    void threeMembersEndWithTwoPartitionsEachAndNoPartitionEverHasTwoOwners() {
        // Given
        List<TestMember> members = List.of(member("m1"), member("m2"), member("m3"));

        // When
        for (TestMember member : members) {
            member.join("t");
            assertOneOwnerPerPartition(members);
        }
        settle(members);

        // Then
        Set<TopicPartition> owned = new HashSet<>();
        for (TestMember member : members) {
            assertEquals(2, member.owned().size(), member.memberId() + " owns " + member.owned());
            owned.addAll(member.owned());
        }
        assertEquals(Set.copyOf(partitions("t", 0, 1, 2, 3, 4, 5)), owned);
        assertEquals(3, describe().groupEpoch());
    }

    @Test
    void aJoiningMemberGetsPartitionsOnlyOnceTheirOwnerHasRevokedThem() {
        // Given
        TestMember m1 = member("m1");
        TestMember m2 = member("m2");
        m1.join("t");

        // When m2 joins, every partition is still m1's
        ConsumerGroupHeartbeatResult joined = m2.join("t");

        // Then
        assertEquals(2, joined.memberEpoch());
        assertEquals(Optional.of(List.of()), joined.assignment());
        assertEquals("Reconciling", describe().state());

        // When m1 is told to give up half, it stays at its epoch until it says it did
        ConsumerGroupHeartbeatResult revoking = m1.heartbeat();
        assertEquals(1, revoking.memberEpoch());
        assertEquals(3, revoking.assignment().orElseThrow().size());
        assertEquals(Optional.empty(), m2.heartbeat().assignment());
        assertOneOwnerPerPartition(List.of(m1, m2));

        // When m1 says it gave them up
        assertEquals(2, m1.heartbeat().memberEpoch());

        // Then m2 gets exactly those
        ConsumerGroupHeartbeatResult assigned = m2.heartbeat();
        Set<TopicPartition> released = new HashSet<>(partitions("t", 0, 1, 2, 3, 4, 5));
        released.removeAll(m1.owned());
        assertEquals(released, Set.copyOf(assigned.assignment().orElseThrow()));
        assertEquals("Stable", describe().state());
    }

    @Test
    void theAssignmentIsSentOnlyWhenItChanged() {
        TestMember m1 = member("m1");
        m1.join("t");

        assertEquals(Optional.empty(), m1.heartbeat().assignment());
    }

    @Test
    void aLeavingMemberLeavesItsPartitionsToTheOthers() {
        // Given
        TestMember m1 = member("m1");
        TestMember m2 = member("m2");
        m1.join("t");
        m2.join("t");
        settle(List.of(m1, m2));

        // When
        ConsumerGroupHeartbeatResult left = m2.leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);

        // Then
        assertEquals(BrokerError.NONE, left.error());
        assertEquals(-1, left.memberEpoch());
        assertEquals("Assigning", describe().state());
        assertEquals(6, m1.heartbeat().assignment().orElseThrow().size());
        assertEquals(1, describe().members().size());
    }

    @Test
    void theLastMemberLeavingEmptiesTheGroup() {
        TestMember m1 = member("m1");
        m1.join("t");

        m1.leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);

        assertEquals("Empty", describe().state());
        assertEquals(List.of(), memberIds());
        assertEquals(2, describe().groupEpoch());
    }

    @Test
    void aMemberThatStopsHeartbeatingIsRemovedOnceItsSessionTimesOut() {
        // Given
        TestMember m1 = member("m1");
        TestMember m2 = member("m2");
        m1.join("t");
        m2.join("t");
        settle(List.of(m1, m2));

        // When only m1 heartbeats
        context.advance(SESSION_TIMEOUT_MS / 2);
        m1.heartbeat();
        context.advance(SESSION_TIMEOUT_MS / 2 + 1);

        // Then
        assertEquals(List.of("m1"), memberIds());
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, m2.heartbeat().error());
        assertEquals(6, m1.heartbeat().assignment().orElseThrow().size());
    }

    @ParameterizedTest(name = "restart meanwhile: {0}")
    @ValueSource(booleans = {false, true})
    void aMemberThatDoesNotRevokeWithinItsRebalanceTimeoutIsRemoved(boolean restart) {
        // Given m1 keeps consuming the partitions it was told to give up, the broker restarting meanwhile or not
        TestMember m1 = member("m1");
        TestMember m2 = member("m2");
        m1.join("t");
        m2.join("t");
        m1.heartbeatWithoutRevoking();
        if (restart) {
            context.restart();
        }

        // When both keep their sessions alive past m1's rebalance timeout
        context.advance(TestMember.REBALANCE_TIMEOUT_MS - 1_000);
        m1.heartbeatWithoutRevoking();
        m2.heartbeat();
        assertEquals(List.of("m1", "m2"), memberIds());
        context.advance(1_000);

        // Then
        assertEquals(List.of("m2"), memberIds());
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, m1.heartbeat().error());
        assertEquals(6, m2.heartbeat().assignment().orElseThrow().size());
    }

    @Test
    void partitionsAddedToASubscribedTopicAreAssignedAtTheNextHeartbeat() {
        TestMember m1 = member("m1");
        m1.join("t");

        topics.addPartitions("t", 8);
        ConsumerGroupHeartbeatResult result = m1.heartbeat();

        assertEquals(2, result.memberEpoch());
        assertEquals(8, result.assignment().orElseThrow().size());
    }

    @Test
    void aRegularExpressionSubscribesToTheMatchingTopicsAsTheyAppearButNeverToInternalOnes() {
        // Given
        topics.with("orders-eu", 2).with("__orders-state", 1);
        TestMember m1 = member("m1");

        // When
        ConsumerGroupHeartbeatResult joined = m1.joinWith(new ConsumerGroupHeartbeat(GROUP, "m1", 0,
                Optional.empty(), Optional.empty(), 5_000, "client", "/127.0.0.1", Optional.empty(),
                Optional.of(".*orders.*"), Optional.empty(), Optional.of(List.of())));
        topics.with("orders-us", 1);
        ConsumerGroupHeartbeatResult later = m1.heartbeat();

        // Then
        assertEquals(partitions("orders-eu", 0, 1), joined.assignment().orElseThrow());
        assertEquals(List.of(new TopicPartition("orders-eu", 0), new TopicPartition("orders-eu", 1),
                new TopicPartition("orders-us", 0)), later.assignment().orElseThrow());
        TopicPartition internal = new TopicPartition("__orders-state", 0);
        assertEquals(Map.of(new TopicPartition("orders-eu", 0), BrokerError.GROUP_SUBSCRIBED_TO_TOPIC,
                new TopicPartition("orders-us", 0), BrokerError.GROUP_SUBSCRIBED_TO_TOPIC, internal, BrokerError.NONE),
                GroupsTestContext.done(context.groups().deleteOffsets(GROUP, List.of(
                        new TopicPartition("orders-eu", 0), new TopicPartition("orders-us", 0), internal))));
    }

    @Test
    void membersMayAskForTheRangeAssignor() {
        // Given
        TestMember m1 = member("m1");
        TestMember m2 = member("m2");

        // When
        m1.joinWith(withAssignor(TestMember.join(GROUP, "m1", List.of("t")), "range"));
        m2.joinWith(withAssignor(TestMember.join(GROUP, "m2", List.of("t")), "range"));
        settle(List.of(m1, m2));

        // Then
        assertEquals("range", describe().assignorName());
        assertEquals(partitions("t", 0, 1, 2), m1.owned());
        assertEquals(partitions("t", 3, 4, 5), m2.owned());
    }

    @Test
    void churnNeverGivesAPartitionToTwoMembers() {
        // Given members that join, heartbeat, are slow to revoke, leave, or go silent, in a random order
        Random random = new Random(42);
        List<TestMember> clients = new ArrayList<>();
        for (int step = 0; step < 2_000; step++) {
            int action = random.nextInt(10);
            if (clients.size() < 2 || action == 0 && clients.size() < 6) {
                TestMember joining = member("m" + step);
                joining.join("t");
                clients.add(joining);
            } else if (action == 1) {
                clients.remove(random.nextInt(clients.size())).leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);
            } else if (action == 2) {
                clients.get(random.nextInt(clients.size())).heartbeatWithoutRevoking();
            } else if (action == 3) {
                context.advance(random.nextInt(3_000));
            } else {
                TestMember member = clients.get(random.nextInt(clients.size()));
                if (member.heartbeat().error() == BrokerError.UNKNOWN_MEMBER_ID) {
                    clients.remove(member);
                }
            }
            // Then, after every step
            List<String> inGroup = memberIds();
            assertOneOwnerPerPartition(clients.stream().filter(c -> inGroup.contains(c.memberId())).toList());
        }

        // When the survivors heartbeat on time
        List<String> inGroup = memberIds();
        List<TestMember> survivors = clients.stream().filter(c -> inGroup.contains(c.memberId())).toList();
        settle(survivors);

        // Then every partition has exactly one owner
        List<TopicPartition> owned = new ArrayList<>();
        survivors.forEach(member -> owned.addAll(member.owned()));
        assertEquals(Set.copyOf(partitions("t", 0, 1, 2, 3, 4, 5)), Set.copyOf(owned));
        assertEquals(6, owned.size());
    }

    private TestMember member(String memberId) {
        return new TestMember(context, GROUP, memberId);
    }

    private ConsumerGroupDescription describe() {
        return GroupsTestContext.done(context.groups().describeConsumerGroup(GROUP)).orElseThrow();
    }

    private List<String> memberIds() {
        return describe().members().stream().map(ConsumerGroupDescription.Member::memberId).toList();
    }

    /** Heartbeats round after round until the group is stable, checking ownership after each heartbeat. */
    private void settle(List<TestMember> members) {
        for (int round = 0; round < 10 && !describe().state().equals("Stable"); round++) {
            for (TestMember member : members) {
                assertEquals(BrokerError.NONE, member.heartbeat().error());
                assertOneOwnerPerPartition(members);
            }
        }
        assertEquals("Stable", describe().state());
    }

    /** Neither the consumers nor the broker ever see a partition with two owners. */
    private void assertOneOwnerPerPartition(List<TestMember> members) {
        List<TopicPartition> ownedByClients = new ArrayList<>();
        members.forEach(member -> ownedByClients.addAll(member.owned()));
        assertFalse(hasDuplicates(ownedByClients), "consumers own " + ownedByClients);
        List<TopicPartition> assignedByBroker = new ArrayList<>();
        describe().members().forEach(member -> assignedByBroker.addAll(member.assignment()));
        assertFalse(hasDuplicates(assignedByBroker), "the broker assigned " + assignedByBroker);
    }

    private static boolean hasDuplicates(List<TopicPartition> partitions) {
        return new HashSet<>(partitions).size() != partitions.size();
    }

    static List<TopicPartition> partitions(String topic, int... partitions) {
        return IntStream.of(partitions).mapToObj(partition -> new TopicPartition(topic, partition)).toList();
    }

    private static ConsumerGroupHeartbeat withAssignor(ConsumerGroupHeartbeat request, String assignor) {
        return new ConsumerGroupHeartbeat(request.groupId(), request.memberId(), request.memberEpoch(),
                request.groupInstanceId(), request.rackId(), request.rebalanceTimeoutMs(), request.clientId(),
                request.clientHost(), request.subscribedTopicNames(), request.subscribedTopicRegex(),
                Optional.of(assignor), request.ownedPartitions());
    }
}
