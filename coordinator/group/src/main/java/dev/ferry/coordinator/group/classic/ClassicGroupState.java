package dev.ferry.coordinator.group.classic;

import java.util.EnumSet;
import java.util.Set;

/** The states of a classic group, under the names Kafka shows them by. */
public enum ClassicGroupState {
    /** No members; the group may still hold offsets. */
    EMPTY("Empty"),
    /** Waiting for the members to (re)join. */
    PREPARING_REBALANCE("PreparingRebalance"),
    /** Every member joined; waiting for the leader's assignment. */
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    /** Removed: requests that still hold the group must look it up again. */
    DEAD("Dead");

    private final String kafkaName;

    ClassicGroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The states a group may move to this one from. */
    Set<ClassicGroupState> validPreviousStates() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(STABLE, COMPLETING_REBALANCE, EMPTY);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.allOf(ClassicGroupState.class);
        };
    }

    @Override
    public String toString() {
        return kafkaName;
    }
}
