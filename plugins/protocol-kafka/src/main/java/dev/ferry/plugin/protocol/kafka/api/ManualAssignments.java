package dev.ferry.plugin.protocol.kafka.api;

import java.util.List;
import java.util.Optional;

/**
 * Kafka's checks of a manually assigned replica list (CreatePartitions, AlterPartitionReassignments), in Kafka's
 * order and words, where the only registered broker is this one.
 */
final class ManualAssignments {

    private ManualAssignments() {
    }

    /** What is wrong with the replica list, or empty when this broker alone holds the partition. */
    static Optional<String> problem(List<Integer> replicas, int self) {
        if (replicas.isEmpty()) {
            return Optional.of("The manual partition assignment includes an empty replica list.");
        }
        Integer previous = null;
        for (Integer broker : replicas.stream().sorted().toList()) {
            if (broker != self) {
                return Optional.of("The manual partition assignment includes broker " + broker
                        + ", but no such broker is registered.");
            }
            if (broker.equals(previous)) {
                return Optional.of("The manual partition assignment includes the broker " + previous
                        + " more than once.");
            }
            previous = broker;
        }
        return Optional.empty();
    }
}
