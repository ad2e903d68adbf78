package dev.ferry.coordinator.transaction;

import dev.ferry.coordinator.runtime.Failures;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.Partitions;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.Topics;
import dev.ferry.services.broker.TransactionState;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.time.Scheduler;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the commit or abort markers of a prepared transaction to each of its partitions (Kafka's
 * WriteTxnMarkers), trying a failed write again until it succeeds or the partition no longer exists. The markers are
 * written on the broker's background threads, off the coordinator's, as Kafka's marker sender writes them.
 */
final class TransactionMarkers {

    /** This single node's coordinator epoch: the leader epoch of {@code __transaction_state}'s partitions. */
    static final int COORDINATOR_EPOCH = 0;
    static final long RETRY_BACKOFF_MS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(TransactionMarkers.class);

    private final Partitions partitions;
    private final Topics topics;
    private final Scheduler scheduler;
    private volatile boolean closed;

    TransactionMarkers(Partitions partitions, Topics topics, Scheduler scheduler) {
        this.partitions = partitions;
        this.topics = topics;
        this.scheduler = scheduler;
    }

    /**
     * Writes a marker to every partition of the transaction, with the producer's id and epoch of {@code prepared}.
     *
     * @return completes, never exceptionally, once every partition has its marker or is gone; never if the markers
     *     are closed before that
     */
    CompletableFuture<Void> write(String transactionalId, TransactionMetadata prepared) {
        boolean commit = prepared.state() == TransactionState.PREPARE_COMMIT;
        return later(0, () -> CompletableFuture.allOf(prepared.partitions().stream()
                .map(partition -> write(transactionalId, partition, prepared.producer(), commit, true))
                .toArray(CompletableFuture[]::new)));
    }

    /** Stops writing: the transactions whose markers are not all written are completed when next loaded. */
    void close() {
        closed = true;
    }

    private CompletableFuture<Void> write(String transactionalId, TopicPartition partition,
                                          ProducerIdAndEpoch producer, boolean commit, boolean firstAttempt) {
        return Failures.call(() -> partitions.writeTransactionMarker(partition, producer, commit, COORDINATOR_EPOCH))
                .handle((done, error) -> error)
                .thenCompose(error -> {
                    if (error == null || !retry(transactionalId, partition, Failures.cause(error), firstAttempt)) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return later(RETRY_BACKOFF_MS, () -> write(transactionalId, partition, producer, commit, false));
                });
    }

    /** Runs {@code attempt} on the scheduler, unless closed by then; completes once the attempt's future does. */
    private CompletableFuture<Void> later(long delayMs, Supplier<CompletableFuture<Void>> attempt) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(delayMs, () -> {
            if (!closed) {
                attempt.get().thenRun(() -> done.complete(null));
            }
        });
        return done;
    }

    /** Whether a failed write is tried again: not for a partition that is gone, nor for a producer fenced there. */
    private boolean retry(String transactionalId, TopicPartition partition, Throwable error, boolean firstAttempt) {
        BrokerError told = error instanceof BrokerException broker ? broker.error() : BrokerError.UNKNOWN_SERVER_ERROR;
        if (told == BrokerError.UNKNOWN_TOPIC_OR_PARTITION && !exists(partition)) {
            LOG.info("Skipping the transaction marker of {} for {}, which no longer exists", transactionalId,
                    partition);
            return false;
        }
        if (told == BrokerError.INVALID_PRODUCER_EPOCH || told == BrokerError.TRANSACTION_COORDINATOR_FENCED) {
            LOG.warn("Skipping the transaction marker of {} for {}: {}", transactionalId, partition, told);
            return false;
        }
        if (firstAttempt) {
            LOG.warn("Writing the transaction marker of {} to {} failed; trying again every {} ms", transactionalId,
                    partition, RETRY_BACKOFF_MS, error);
        }
        return true;
    }

    private boolean exists(TopicPartition partition) {
        return topics.describe(partition.topic())
                .filter(topic -> topic.hasPartition(partition.partition()))
                .isPresent();
    }
}
