package dev.ferry.kernel.transaction;

import dev.ferry.kernel.async.Failures;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.Acks;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import dev.ferry.spi.broker.NewTopic;
import dev.ferry.spi.broker.Partitions;
import dev.ferry.spi.broker.TopicDescription;
import dev.ferry.spi.broker.Topics;
import dev.ferry.spi.broker.TransactionState;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The internal topic {@value #TOPIC}, which holds each transactional id's state in one of its partitions. */
final class TransactionLog {

    static final String TOPIC = Topic.TRANSACTION_STATE_TOPIC_NAME;

    private static final Logger LOG = LoggerFactory.getLogger(TransactionLog.class);
    private static final Map<String, String> TOPIC_CONFIGS = Map.of(
            "cleanup.policy", "delete",
            "retention.ms", "-1",
            "segment.bytes", "104857600");

    private final Partitions partitions;
    private final int partitionCount;

    TransactionLog(Partitions partitions, int partitionCount) {
        this.partitions = partitions;
        this.partitionCount = partitionCount;
    }

    /**
     * Creates {@value #TOPIC} with {@code numPartitions} partitions if it is missing. A topic that exists keeps its
     * partition count, since the ids' records are already spread over it.
     */
    static TransactionLog open(Topics topics, Partitions partitions, int numPartitions) {
        TopicDescription topic = topics.describe(TOPIC).orElseGet(() -> topics.create(
                new NewTopic(TOPIC, OptionalInt.of(numPartitions), OptionalInt.of(1), TOPIC_CONFIGS), false));
        if (topic.partitions() != numPartitions) {
            LOG.warn("{} has {} partitions, not the {} of transaction.state.log.num.partitions; keeping {}", TOPIC,
                    topic.partitions(), numPartitions, topic.partitions());
        }
        return new TransactionLog(partitions, topic.partitions());
    }

    int partitionCount() {
        return partitionCount;
    }

    TopicPartition partitionFor(String transactionalId) {
        return new TopicPartition(TOPIC, Utils.abs(transactionalId.hashCode()) % partitionCount);
    }

    /**
     * Appends the id's new state with {@code acks=all}. A failure is told with the error Kafka's coordinator gives
     * for it: one the client retries when the log is not there, else {@link BrokerError#UNKNOWN_SERVER_ERROR}.
     */
    CompletableFuture<Void> append(String transactionalId, TransactionMetadata metadata) {
        CompletableFuture<?> appended;
        try {
            appended = partitions.append(partitionFor(transactionalId),
                    TransactionLogRecords.batch(transactionalId, metadata), Acks.ALL, Optional.empty());
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        return appended.handle((done, error) -> {
            if (error != null) {
                throw appendFailure(transactionalId, metadata, error);
            }
            return null;
        });
    }

    /** Applies a batch read back from the log to the ids' states: the last record of an id wins. */
    static void replay(TopicPartition source, RecordBatch batch, Map<String, TransactionMetadata> states) {
        if (batch.isControlBatch()) {
            return;
        }
        for (Record record : batch) {
            try {
                String transactionalId = TransactionLogRecords.transactionalId(record.key());
                TransactionLogRecords.metadata(record.value())
                        .filter(metadata -> metadata.state() != TransactionState.DEAD)
                        .ifPresentOrElse(metadata -> states.put(transactionalId, metadata),
                                () -> states.remove(transactionalId));
            } catch (IllegalArgumentException e) {
                LOG.warn("Skipping record {} of {}: {}", record.offset(), source, e.getMessage());
            }
        }
    }

    private static BrokerException appendFailure(String transactionalId, TransactionMetadata metadata,
                                                 Throwable error) {
        Throwable cause = Failures.cause(error);
        BrokerError told = cause instanceof BrokerException broker
                && (broker.error() == BrokerError.UNKNOWN_TOPIC_OR_PARTITION
                || broker.error() == BrokerError.KAFKA_STORAGE_ERROR)
                ? BrokerError.COORDINATOR_NOT_AVAILABLE
                : BrokerError.UNKNOWN_SERVER_ERROR;
        LOG.warn("Writing the state {} of transactional id {} to {} failed", metadata.state(), transactionalId, TOPIC,
                cause);
        return new BrokerException(told, "Writing the transaction state failed", cause);
    }
}
