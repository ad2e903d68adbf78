package dev.ferry.services.broker;

/**
 * What a partition remembers of one idempotent or transactional producer (Kafka's DescribeProducers).
 *
 * @param lastSequence the sequence number of the last record appended, or -1
 * @param lastTimestamp the max timestamp of its last batch, or -1
 * @param coordinatorEpoch the epoch of the coordinator that wrote its last transaction marker, or -1
 * @param currentTransactionStartOffset the first offset of its open transaction in this partition, or -1
 */
public record ProducerState(long producerId, short epoch, int lastSequence, long lastTimestamp,
                            int coordinatorEpoch, long currentTransactionStartOffset) {
}
