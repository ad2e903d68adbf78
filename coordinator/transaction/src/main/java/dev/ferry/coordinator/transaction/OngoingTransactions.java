package dev.ferry.coordinator.transaction;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TransactionVerifier;
import dev.ferry.spi.TopicPartition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The transactions under way, as each loaded {@link TransactionShard} last applied them, which the
 * {@link TransactionVerifier} answers from. It is asked on the data path: by the partitions on the network threads,
 * for each transactional batch that opens a transaction in a partition, and by the group coordinator on its shards'
 * threads, for a transactional offset commit. Both need the answer at once, and neither may wait for the transaction
 * shard's thread, so each shard publishes a concurrent map of its ongoing transactions once loaded, changes it on its
 * own thread as it replays records, and withdraws it when unloaded. A state is immutable: a reader sees a whole one.
 */
final class OngoingTransactions implements TransactionVerifier {

    private final Function<String, TopicPartition> partitionFor;
    private final Map<TopicPartition, Map<String, TransactionMetadata>> shards = new ConcurrentHashMap<>();

    /** @param partitionFor the partition of {@code __transaction_state} holding a transactional id */
    OngoingTransactions(Function<String, TopicPartition> partitionFor) {
        this.partitionFor = partitionFor;
    }

    /** A shard is loaded: its ongoing transactions, by id, answer from now on. */
    void publish(TopicPartition partition, Map<String, TransactionMetadata> ongoing) {
        shards.put(partition, ongoing);
    }

    /** A shard is unloaded: its ids answer as loading until a shard of the partition is loaded again. */
    void withdraw(TopicPartition partition, Map<String, TransactionMetadata> ongoing) {
        shards.remove(partition, ongoing);
    }

    /**
     * @throws BrokerException {@link BrokerError#COORDINATOR_LOAD_IN_PROGRESS} while the id's partition is not
     *     loaded, which the writer retries: answering no would fail a transaction that may well be under way
     */
    @Override
    public boolean inTransaction(String transactionalId, ProducerIdAndEpoch producer, TopicPartition partition) {
        Map<String, TransactionMetadata> ongoing = shards.get(partitionFor.apply(transactionalId));
        if (ongoing == null) {
            throw new BrokerException(BrokerError.COORDINATOR_LOAD_IN_PROGRESS, "The state of transactional id "
                    + transactionalId + " is loading.");
        }
        TransactionMetadata current = ongoing.get(transactionalId);
        return current != null && current.producer().equals(producer) && current.partitions().contains(partition);
    }
}
