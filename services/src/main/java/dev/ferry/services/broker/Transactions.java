package dev.ferry.services.broker;

import dev.ferry.spi.TopicPartition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Producer ids and Kafka's transaction coordinator: InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, EndTxn,
 * DescribeTransactions and ListTransactions. Every call answers with a future, since the coordinator serves it on a
 * thread of its own; futures fail with a {@link BrokerException} naming Kafka's error.
 */
public interface Transactions {

    /**
     * Kafka's InitProducerId. Without a transactional id: a new producer id with epoch 0, for an idempotent producer.
     * With one: the id's producer with its epoch bumped, which fences older instances; an ongoing transaction is
     * aborted first, and the call fails with {@link BrokerError#CONCURRENT_TRANSACTIONS} (retriable) until that abort
     * is complete.
     *
     * @param transactionalId null for an idempotent producer
     * @param transactionTimeoutMs at most {@code transaction.max.timeout.ms}, else
     *     {@link BrokerError#INVALID_TRANSACTION_TIMEOUT}
     * @param current the producer's id and epoch when it asks again after an error (KIP-360), else
     *     {@link ProducerIdAndEpoch#NONE}
     */
    CompletableFuture<ProducerIdAndEpoch> initProducerId(String transactionalId, int transactionTimeoutMs,
                                                         ProducerIdAndEpoch current);

    /**
     * Kafka's AddPartitionsToTxn: the partitions join the producer's transaction, which starts with its first one.
     *
     * @return an error per partition; all {@link BrokerError#NONE} when they were added
     */
    CompletableFuture<Map<TopicPartition, BrokerError>> addPartitions(String transactionalId,
                                                                      ProducerIdAndEpoch producer,
                                                                      Collection<TopicPartition> partitions);

    /** Kafka's AddOffsetsToTxn: the group's partition of {@code __consumer_offsets} joins the transaction. */
    CompletableFuture<Void> addOffsets(String transactionalId, ProducerIdAndEpoch producer, String groupId);

    /**
     * Kafka's EndTxn: commits or aborts the transaction. Completes once the decision is durable; the markers are
     * written to the transaction's partitions afterwards, as Kafka's coordinator does.
     */
    CompletableFuture<Void> endTransaction(String transactionalId, ProducerIdAndEpoch producer, boolean commit);

    /** Kafka's DescribeTransactions for one id; empty when the coordinator does not know it. */
    CompletableFuture<Optional<TransactionDescription>> describe(String transactionalId);

    /**
     * The transactional ids the coordinator knows, but none being expired (Dead), for Kafka's ListTransactions.
     *
     * @param transactionalIdPattern empty for every id; else a regular expression in RE2 syntax, as Kafka takes it,
     *     that a listed id matches as a whole; one that does not compile fails the future with
     *     {@link BrokerError#INVALID_REGULAR_EXPRESSION}
     */
    CompletableFuture<List<TransactionDescription>> list(Optional<String> transactionalIdPattern);
}
