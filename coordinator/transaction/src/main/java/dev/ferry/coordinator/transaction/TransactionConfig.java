package dev.ferry.coordinator.transaction;

/**
 * The broker's settings for the transaction coordinator, with Kafka's key names.
 *
 * @param stateLogPartitions {@code transaction.state.log.num.partitions}: the partitions of
 *     {@code __transaction_state} when it is created
 * @param stateLogSegmentBytes {@code transaction.state.log.segment.bytes}: the segment size of
 *     {@code __transaction_state}
 * @param maxTimeoutMs {@code transaction.max.timeout.ms}: the longest transaction timeout a producer may ask for
 * @param idExpirationMs {@code transactional.id.expiration.ms}: how long a transactional id without a transaction
 *     under way is kept after its last change
 * @param abortTimedOutIntervalMs {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}: how often
 *     transactions past their timeout are aborted
 * @param removeExpiredIntervalMs {@code transaction.remove.expired.transaction.cleanup.interval.ms}: how often
 *     expired transactional ids are removed
 */
public record TransactionConfig(int stateLogPartitions, int stateLogSegmentBytes, int maxTimeoutMs, long idExpirationMs,
                                long abortTimedOutIntervalMs, long removeExpiredIntervalMs) {
}
