package dev.ferry.services.broker;

/**
 * A transaction that was aborted, for read_committed consumers to skip its records (Kafka's Fetch response field).
 *
 * @param firstOffset the offset of the transaction's first record in the partition
 */
public record AbortedTransaction(long producerId, long firstOffset) {
}
