package dev.ferry.coordinator.transaction;

/** A change of a transactional id, as written to and replayed from {@code __transaction_state}. */
sealed interface TransactionRecord {

    String transactionalId();

    /** The id's state from now on. */
    record Update(String transactionalId, TransactionMetadata metadata) implements TransactionRecord {
    }

    /** The id expired and is forgotten: Kafka's {@code Dead}, written as a tombstone. */
    record Tombstone(String transactionalId) implements TransactionRecord {
    }
}
