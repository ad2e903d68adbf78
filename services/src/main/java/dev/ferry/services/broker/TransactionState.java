package dev.ferry.services.broker;

/** The states of a transactional id at its coordinator, with Kafka's names (DescribeTransactions, ListTransactions). */
public enum TransactionState {
    EMPTY("Empty"),
    ONGOING("Ongoing"),
    PREPARE_COMMIT("PrepareCommit"),
    PREPARE_ABORT("PrepareAbort"),
    COMPLETE_COMMIT("CompleteCommit"),
    COMPLETE_ABORT("CompleteAbort"),
    DEAD("Dead"),
    PREPARE_EPOCH_FENCE("PrepareEpochFence");

    private final String kafkaName;

    TransactionState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The name Kafka's admin APIs use, such as {@code "Ongoing"}. */
    public String kafkaName() {
        return kafkaName;
    }
}
