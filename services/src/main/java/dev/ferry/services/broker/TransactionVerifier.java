package dev.ferry.services.broker;

import dev.ferry.spi.TopicPartition;

/**
 * Answers whether a producer's transaction is under way with a partition in it (Kafka's transaction verification,
 * KIP-890 part 1), so that a write the coordinator does not know of cannot open a transaction no marker will end.
 * The transaction coordinator answers it; the broker's partitions and the group coordinator ask it. It lives here,
 * with {@link Transactions}, because those are separate modules that all see this one.
 */
@FunctionalInterface
public interface TransactionVerifier {

    /** Verifies nothing: for the broker's start, before the coordinator starts. */
    TransactionVerifier NONE = (transactionalId, producer, partition) -> true;

    /**
     * Answers at once, on the caller's thread, which may hold a partition's append lock.
     *
     * @throws dev.ferry.services.broker.BrokerException a retriable error when it cannot tell yet, such as while the
     *     coordinator loads the id's state; the write fails with it
     */
    boolean inTransaction(String transactionalId, ProducerIdAndEpoch producer, TopicPartition partition);
}
