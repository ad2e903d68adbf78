package dev.ferry.kernel.partition;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.ProducerIdAndEpoch;

/**
 * Answers whether a producer's transaction is under way with a partition in it (Kafka's transaction verification,
 * KIP-890 part 1), so that a write the coordinator does not know of cannot open a transaction no marker will end.
 */
@FunctionalInterface
public interface TransactionVerifier {

    /** Verifies nothing: for the broker's start, before the coordinator is loaded. */
    TransactionVerifier NONE = (transactionalId, producer, partition) -> true;

    boolean inTransaction(String transactionalId, ProducerIdAndEpoch producer, TopicPartition partition);
}
