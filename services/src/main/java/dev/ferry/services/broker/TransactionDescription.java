package dev.ferry.services.broker;

import dev.ferry.spi.TopicPartition;
import java.util.Set;

/**
 * A transactional id as its coordinator knows it.
 *
 * @param startTimeMs when the ongoing transaction added its first partition, or -1 with none under way
 * @param partitions the partitions of the ongoing (or completing) transaction
 */
public record TransactionDescription(String transactionalId, TransactionState state, ProducerIdAndEpoch producer,
                                     int timeoutMs, long startTimeMs, Set<TopicPartition> partitions) {

    public TransactionDescription {
        partitions = Set.copyOf(partitions);
    }
}
