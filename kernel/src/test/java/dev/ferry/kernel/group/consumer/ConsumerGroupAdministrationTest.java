package dev.ferry.kernel.group.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.kernel.group.assignor.UniformAssignor;
import dev.ferry.kernel.testing.TestTopics;
import dev.ferry.kernel.time.ManualTimer;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.group.ConsumerGroupDescription;
import dev.ferry.spi.group.ConsumerGroupHeartbeat;
import dev.ferry.spi.group.GroupListing;
import dev.ferry.spi.group.GroupType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsumerGroupAdministrationTest {

    private static final String GROUP = "g";

    private final TestTopics topics = new TestTopics().with("t", 2);
    private final ManualTimer timer = new ManualTimer();
    private final ConsumerGroups groups = new ConsumerGroups(topics, List.of(new UniformAssignor()),
            new ConsumerGroupConfig(10_000, 1_000, 10), timer, id -> false);
    private final TestMember member = new TestMember(groups, GROUP, "m1");

    @Test
    void aGroupIsListedAndDescribedWithItsMembers() {
        member.joinWith(new ConsumerGroupHeartbeat(GROUP, "m1", 0, Optional.of("i1"), Optional.of("rack-a"), 5_000,
                "client-1", "/10.0.0.1", Optional.of(List.of("t", "missing")), Optional.empty(), Optional.empty(),
                Optional.of(List.of())));

        assertEquals(List.of(new GroupListing(GROUP, GroupType.CONSUMER, "consumer", "Stable")), groups.list());
        List<TopicPartition> both = ConsumerGroupsTest.partitions("t", 0, 1);
        assertEquals(new ConsumerGroupDescription(GROUP, "Stable", 1, 1, "uniform", List.of(
                new ConsumerGroupDescription.Member("m1", Optional.of("i1"), Optional.of("rack-a"), 1, "client-1",
                        "/10.0.0.1", List.of("t", "missing"), Optional.empty(), both, both))),
                groups.describe(GROUP).orElseThrow());
        assertEquals(Set.of("t", "missing"), groups.subscribedTopics(GROUP));
        assertEquals(OptionalLong.empty(), groups.emptySinceMs(GROUP));
    }

    @Test
    void onlyAnEmptyGroupIsDeleted() {
        member.join("t");
        assertEquals(BrokerError.NON_EMPTY_GROUP, groups.delete(GROUP));

        member.leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);

        assertEquals(BrokerError.NONE, groups.delete(GROUP));
        assertFalse(groups.contains(GROUP));
        assertEquals(BrokerError.GROUP_ID_NOT_FOUND, groups.delete(GROUP));
        assertTrue(groups.describe(GROUP).isEmpty());
    }

    @Test
    void aMemberCommitsWithItsCurrentEpoch() {
        member.join("t");

        assertEquals(BrokerError.NONE, groups.validateOffsetCommit(GROUP, "m1", 1));
        assertEquals(BrokerError.STALE_MEMBER_EPOCH, groups.validateOffsetCommit(GROUP, "m1", 0));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, groups.validateOffsetCommit(GROUP, "m2", 1));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, groups.validateOffsetCommit(GROUP, "", -1));
        assertEquals(BrokerError.GROUP_ID_NOT_FOUND, groups.validateOffsetCommit("other", "m1", 1));
    }

    @Test
    void anyoneCommitsToAGroupWithoutMembers() {
        member.join("t");
        member.leave(ConsumerGroupHeartbeat.LEAVE_EPOCH);

        assertEquals(BrokerError.NONE, groups.validateOffsetCommit(GROUP, "", -1));
    }

    @Test
    void offsetsAreReadByAnyoneOrByAMemberWithItsEpoch() {
        member.join("t");

        assertEquals(BrokerError.NONE, groups.validateOffsetFetch(GROUP, "", -1));
        assertEquals(BrokerError.NONE, groups.validateOffsetFetch(GROUP, "m1", 1));
        assertEquals(BrokerError.STALE_MEMBER_EPOCH, groups.validateOffsetFetch(GROUP, "m1", 2));
        assertEquals(BrokerError.UNKNOWN_MEMBER_ID, groups.validateOffsetFetch(GROUP, "m2", 1));
    }
}
