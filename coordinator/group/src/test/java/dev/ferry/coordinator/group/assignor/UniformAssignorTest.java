package dev.ferry.coordinator.group.assignor;

import static dev.ferry.coordinator.group.assignor.Specs.after;
import static dev.ferry.coordinator.group.assignor.Specs.assertEveryPartitionOnce;
import static dev.ferry.coordinator.group.assignor.Specs.counts;
import static dev.ferry.coordinator.group.assignor.Specs.group;
import static dev.ferry.coordinator.group.assignor.Specs.share;
import static dev.ferry.coordinator.group.assignor.Specs.subscribing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.MemberSpec;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UniformAssignorTest {

    private final UniformAssignor assignor = new UniformAssignor();

    @Test
    void partitionsOfAllTopicsAreSpreadEvenly() {
        GroupSpec group = group(Map.of("m1", subscribing("a", "b"), "m2", subscribing("a", "b"),
                "m3", subscribing("a", "b")));
        SubscribedTopics topics = new SubscribedTopics(Map.of("a", 6, "b", 3));

        GroupAssignment assignment = assignor.assign(group, topics);

        assertEveryPartitionOnce(assignment, group, topics);
        assertEquals(Map.of("m1", 3, "m2", 3, "m3", 3), counts(assignment, group));
    }

    @Test
    void countsDifferByAtMostOne() {
        GroupSpec group = group(Map.of("m1", subscribing("a"), "m2", subscribing("a"), "m3", subscribing("a")));
        SubscribedTopics topics = new SubscribedTopics(Map.of("a", 7));

        GroupAssignment assignment = assignor.assign(group, topics);

        assertEveryPartitionOnce(assignment, group, topics);
        assertEquals(Set.of(2, 3), new HashSet<>(counts(assignment, group).values()));
    }

    @Test
    void aJoiningMemberTakesOnlyWhatBalanceRequires() {
        // Given three members with four partitions each
        SubscribedTopics topics = new SubscribedTopics(Map.of("a", 12));
        GroupSpec three = group(Map.of("m1", subscribing("a"), "m2", subscribing("a"), "m3", subscribing("a")));
        GroupAssignment before = assignor.assign(three, topics);

        // When a fourth joins
        GroupSpec four = after(group(Map.of("m1", subscribing("a"), "m2", subscribing("a"),
                "m3", subscribing("a"), "m4", subscribing("a"))), before);
        GroupAssignment assignment = assignor.assign(four, topics);

        // Then each keeps three of its four, and the fourth gets the three that moved
        assertEveryPartitionOnce(assignment, four, topics);
        for (String memberId : Set.of("m1", "m2", "m3")) {
            assertTrue(share(before, memberId).containsAll(share(assignment, memberId)));
            assertEquals(3, share(assignment, memberId).size());
        }
    }

    @Test
    void whenAMemberLeavesTheOthersKeepEverythingTheyHad() {
        SubscribedTopics topics = new SubscribedTopics(Map.of("a", 5, "b", 4));
        GroupSpec three = group(Map.of("m1", subscribing("a", "b"), "m2", subscribing("a", "b"),
                "m3", subscribing("a", "b")));
        GroupAssignment before = assignor.assign(three, topics);

        GroupSpec two = after(group(Map.of("m1", subscribing("a", "b"), "m2", subscribing("a", "b"))), before);
        GroupAssignment assignment = assignor.assign(two, topics);

        assertEveryPartitionOnce(assignment, two, topics);
        assertTrue(share(assignment, "m1").containsAll(share(before, "m1")));
        assertTrue(share(assignment, "m2").containsAll(share(before, "m2")));
        assertEquals(Set.of(4, 5), new HashSet<>(counts(assignment, two).values()));
    }

    @Test
    void membersWithDifferentSubscriptionsGetOnlyTheirTopicsAsEvenlyAsPossible() {
        GroupSpec group = group(Map.of("m1", subscribing("a"), "m2", subscribing("a", "b"), "m3", subscribing("b"),
                "m4", subscribing()));
        SubscribedTopics topics = new SubscribedTopics(Map.of("a", 4, "b", 5));

        GroupAssignment assignment = assignor.assign(group, topics);

        assertEveryPartitionOnce(assignment, group, topics);
        Map<String, Integer> counts = counts(assignment, group);
        assertEquals(0, counts.get("m4"));
        counts.remove("m4");
        assertTrue(Collections.max(counts.values()) - Collections.min(counts.values()) <= 1, counts.toString());
    }

    @Test
    void currentPartitionsThatAreGoneOrNoLongerSubscribedAreDropped() {
        MemberSpec stale = new MemberSpec(Optional.empty(), Optional.empty(), Set.of("a"),
                Map.of("a", Set.of(0, 7), "old", Set.of(0)));
        GroupSpec group = group(Map.of("m1", stale, "m2", subscribing("a")));
        SubscribedTopics topics = new SubscribedTopics(Map.of("a", 2));

        GroupAssignment assignment = assignor.assign(group, topics);

        assertEveryPartitionOnce(assignment, group, topics);
        assertEquals(Set.of(new TopicPartition("a", 0)), share(assignment, "m1"));
    }

    @Test
    void theSameGroupAlwaysGetsTheSameAssignment() {
        GroupSpec group = group(Map.of("m1", subscribing("a", "b"), "m2", subscribing("b"), "m3", subscribing("a")));
        SubscribedTopics topics = new SubscribedTopics(Map.of("a", 5, "b", 5));

        assertEquals(assignor.assign(group, topics), assignor.assign(group, topics));
    }
}
