package dev.ferry.coordinator.group.assignor;

import static dev.ferry.coordinator.group.assignor.Specs.after;
import static dev.ferry.coordinator.group.assignor.Specs.assertEveryPartitionOnce;
import static dev.ferry.coordinator.group.assignor.Specs.group;
import static dev.ferry.coordinator.group.assignor.Specs.partitions;
import static dev.ferry.coordinator.group.assignor.Specs.share;
import static dev.ferry.coordinator.group.assignor.Specs.subscribing;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RangeAssignorTest {

    private final RangeAssignor assignor = new RangeAssignor();

    @Test
    void eachTopicIsSplitInRangesOverItsSubscribersInMemberIdOrder() {
        GroupSpec group = group(Map.of("m2", subscribing("a"), "m3", subscribing("a"), "m1", subscribing("a")));
        SubscribedTopics topics = new SubscribedTopics(Map.of("a", 7));

        GroupAssignment assignment = assignor.assign(group, topics);

        assertEveryPartitionOnce(assignment, group, topics);
        assertEquals(Set.copyOf(partitions("a", 0, 1, 2)), share(assignment, "m1"));
        assertEquals(Set.copyOf(partitions("a", 3, 4)), share(assignment, "m2"));
        assertEquals(Set.copyOf(partitions("a", 5, 6)), share(assignment, "m3"));
    }

    @Test
    void coPartitionedTopicsGiveEachMemberTheSamePartitionNumbers() {
        GroupSpec group = group(Map.of("m1", subscribing("a", "b"), "m2", subscribing("a", "b")));
        SubscribedTopics topics = new SubscribedTopics(Map.of("a", 4, "b", 4));

        GroupAssignment assignment = assignor.assign(group, topics);

        assertEquals(Map.of("a", Set.of(0, 1), "b", Set.of(0, 1)), assignment.members().get("m1"));
        assertEquals(Map.of("a", Set.of(2, 3), "b", Set.of(2, 3)), assignment.members().get("m2"));
    }

    @Test
    void aTopicIsSplitOnlyOverItsOwnSubscribers() {
        GroupSpec group = group(Map.of("m1", subscribing("a"), "m2", subscribing("a", "b"), "m3", subscribing("b")));
        SubscribedTopics topics = new SubscribedTopics(Map.of("a", 2, "b", 4));

        GroupAssignment assignment = assignor.assign(group, topics);

        assertEveryPartitionOnce(assignment, group, topics);
        assertEquals(Set.copyOf(partitions("a", 0)), share(assignment, "m1"));
        assertEquals(Set.of(new TopicPartition("a", 1), new TopicPartition("b", 0), new TopicPartition("b", 1)),
                share(assignment, "m2"));
        assertEquals(Set.copyOf(partitions("b", 2, 3)), share(assignment, "m3"));
    }

    @Test
    void membersKeepTheirPartitionsUpToTheirShareWhenAMemberJoins() {
        SubscribedTopics topics = new SubscribedTopics(Map.of("a", 6));
        GroupAssignment before = assignor.assign(group(Map.of("m1", subscribing("a"), "m2", subscribing("a"))),
                topics);

        GroupSpec three = after(group(Map.of("m0", subscribing("a"), "m1", subscribing("a"),
                "m2", subscribing("a"))), before);
        GroupAssignment assignment = assignor.assign(three, topics);

        assertEveryPartitionOnce(assignment, three, topics);
        assertEquals(Set.copyOf(partitions("a", 0, 1)), share(assignment, "m1"));
        assertEquals(Set.copyOf(partitions("a", 3, 4)), share(assignment, "m2"));
        assertEquals(Set.copyOf(partitions("a", 2, 5)), share(assignment, "m0"));
    }

    @Test
    void membersBeyondThePartitionCountGetNothing() {
        GroupSpec group = group(Map.of("m1", subscribing("a"), "m2", subscribing("a"), "m3", subscribing("a")));
        SubscribedTopics topics = new SubscribedTopics(Map.of("a", 2, "unsubscribed", 3));

        GroupAssignment assignment = assignor.assign(group, topics);

        assertEveryPartitionOnce(assignment, group, topics);
        assertEquals(Set.of("m1", "m2"), assignment.members().keySet());
        assertEquals(List.of(1, 1), List.of(share(assignment, "m1").size(), share(assignment, "m2").size()));
        assertEquals(Set.of(), new HashSet<>(share(assignment, "m3")));
    }
}
