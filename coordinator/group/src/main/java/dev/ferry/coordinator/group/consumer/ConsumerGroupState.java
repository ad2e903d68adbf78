package dev.ferry.coordinator.group.consumer;

/** A consumer-protocol group's state, with the names Kafka shows for it. */
enum ConsumerGroupState {
    EMPTY("Empty"),
    /** The group epoch moved past the target assignment's: the next heartbeat computes a new target. */
    ASSIGNING("Assigning"),
    /** Some members are not yet at the target assignment. */
    RECONCILING("Reconciling"),
    STABLE("Stable");

    private final String kafkaName;

    ConsumerGroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    @Override
    public String toString() {
        return kafkaName;
    }
}
