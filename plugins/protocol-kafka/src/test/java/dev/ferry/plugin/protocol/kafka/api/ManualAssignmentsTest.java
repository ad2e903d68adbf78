package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Kafka's checks of a manual replica list on broker 1, in Kafka's order: the list sorted first. */
class ManualAssignmentsTest {

    @Test
    void onlyThisBrokerOnceIsAValidAssignment() {
        assertEquals(Optional.empty(), ManualAssignments.problem(List.of(1), 1));
        assertEquals(Optional.of("The manual partition assignment includes an empty replica list."),
                ManualAssignments.problem(List.of(), 1));
        assertEquals(Optional.of("The manual partition assignment includes broker 5, but no such broker is"
                + " registered."), ManualAssignments.problem(List.of(5, 1), 1));
        assertEquals(Optional.of("The manual partition assignment includes the broker 1 more than once."),
                ManualAssignments.problem(List.of(1, 5, 1), 1), "sorted, the repeat comes before the stranger");
    }
}
