package dev.ferry.kernel.transaction;

import dev.ferry.kernel.async.Failures;
import dev.ferry.kernel.topic.InternalTopic;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.Acks;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import dev.ferry.spi.broker.Partitions;
import dev.ferry.spi.broker.Topics;
import dev.ferry.spi.broker.TransactionState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The internal topic {@value #TOPIC}, which holds each transactional id's state in one of its partitions. */
final class TransactionLog {

    static final String TOPIC = Topic.TRANSACTION_STATE_TOPIC_NAME;

    private static final Logger LOG = LoggerFactory.getLogger(TransactionLog.class);
    private final Partitions partitions;
    private final InternalTopic topic;

    private TransactionLog(Partitions partitions, InternalTopic topic) {
        this.partitions = partitions;
        this.topic = topic;
    }

    /**
     * Creates {@value #TOPIC}, compacted, with {@code transaction.state.log.num.partitions} partitions if it is
     * missing; one that exists keeps its partition count.
     */
    static TransactionLog open(Topics topics, Partitions partitions, TransactionConfig config) {
        return new TransactionLog(partitions, InternalTopic.open(topics, TOPIC, config.stateLogPartitions(),
                "transaction.state.log.num.partitions", InternalTopic.configs(config.stateLogSegmentBytes())));
    }

    InternalTopic topic() {
        return topic;
    }

    TopicPartition partitionFor(String transactionalId) {
        return topic.partitionFor(transactionalId);
    }

    /**
     * Appends the id's new state with {@code acks=all}. A failure is told with the error Kafka's coordinator gives
     * for it: one the client retries when the log is not there, else {@link BrokerError#UNKNOWN_SERVER_ERROR}.
     */
    CompletableFuture<Void> append(String transactionalId, TransactionMetadata metadata) {
        return Failures.call(() -> partitions.append(partitionFor(transactionalId),
                TransactionLogRecords.batch(transactionalId, metadata), Acks.ALL, Optional.empty()))
                .handle((done, error) -> {
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
