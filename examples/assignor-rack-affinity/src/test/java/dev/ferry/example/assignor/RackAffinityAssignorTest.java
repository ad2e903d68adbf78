package dev.ferry.example.assignor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.spi.assignor.GroupAssignment;
import dev.ferry.spi.assignor.GroupSpec;
import dev.ferry.spi.assignor.MemberSpec;
import dev.ferry.spi.assignor.SubscribedTopics;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RackAffinityAssignorTest {

    private final RackAffinityAssignor assignor = new RackAffinityAssignor();

    @Test
    void eachRackGetsAnEqualShareWhateverItsNumberOfMembers() {
        // Given rack a with two members, rack b with one
        GroupSpec group = new GroupSpec("g", Map.of(
                "a1", member("a", "orders"), "a2", member("a", "orders"), "b1", member("b", "orders")));

        // When
        GroupAssignment assignment = assignor.assign(group, new SubscribedTopics(Map.of("orders", 8)));

        // Then partitions 0, 2, 4, 6 go to rack a (alternating a1, a2) and 1, 3, 5, 7 to rack b
        assertEquals(Map.of(
                "a1", Map.of("orders", Set.of(0, 4)),
                "a2", Map.of("orders", Set.of(2, 6)),
                "b1", Map.of("orders", Set.of(1, 3, 5, 7))), assignment.members());
    }

    @Test
    void membersWithoutARackShareTheirOwnRack() {
        GroupSpec group = new GroupSpec("g", Map.of(
                "x", member(null, "orders"), "y", member(null, "orders"), "z", member("eu-1", "orders")));

        GroupAssignment assignment = assignor.assign(group, new SubscribedTopics(Map.of("orders", 4)));

        assertEquals(Map.of(
                "x", Map.of("orders", Set.of(0)),
                "y", Map.of("orders", Set.of(2)),
                "z", Map.of("orders", Set.of(1, 3))), assignment.members());
    }

    @Test
    void aTopicGoesOnlyToItsSubscribers() {
        GroupSpec group = new GroupSpec("g", Map.of(
                "a1", member("a", "orders"), "b1", member("b", "orders", "payments")));

        GroupAssignment assignment = assignor.assign(group,
                new SubscribedTopics(Map.of("orders", 2, "payments", 2, "unsubscribed", 3)));

        assertEquals(Map.of(
                "a1", Map.of("orders", Set.of(0)),
                "b1", Map.of("orders", Set.of(1), "payments", Set.of(0, 1))), assignment.members());
    }

    private static MemberSpec member(String rack, String... topics) {
        return new MemberSpec(Optional.empty(), Optional.ofNullable(rack), Set.of(topics), Map.of());
    }
}
