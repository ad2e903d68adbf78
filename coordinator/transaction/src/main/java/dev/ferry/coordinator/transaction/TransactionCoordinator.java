package dev.ferry.coordinator.transaction;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.ferry.coordinator.runtime.CoordinatorLog;
import dev.ferry.coordinator.runtime.CoordinatorLogs;
import dev.ferry.coordinator.runtime.CoordinatorRuntime;
import dev.ferry.coordinator.runtime.Failures;
import dev.ferry.coordinator.runtime.InternalTopic;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.Partitions;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.Topics;
import dev.ferry.services.broker.TransactionDescription;
import dev.ferry.services.broker.TransactionState;
import dev.ferry.services.broker.TransactionVerifier;
import dev.ferry.services.broker.Transactions;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.time.Scheduler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's transaction coordinator on a single node, for clients of transaction version 0 and 1: producer ids and
 * epochs per transactional id, the partitions of each transaction, commit and abort with markers, the abort of
 * transactions past their timeout and the expiration of idle ids. Each partition of {@value #TOPIC} is a
 * {@link TransactionShard} on the coordinator runtime, which holds the ids that hash to it and changes them one
 * operation at a time; a request is answered once the change it caused is in the log, from which a shard is loaded.
 * Work that cannot run on a shard's thread (a new producer id from the metadata log, the markers) runs off it, and
 * its result comes back to the shard as the next operation, which checks the id's state again.
 */
public final class TransactionCoordinator implements Transactions, TransactionVerifier, AutoCloseable {

    static final String TOPIC = Topic.TRANSACTION_STATE_TOPIC_NAME;

    private static final Logger LOG = LoggerFactory.getLogger(TransactionCoordinator.class);

    private final TransactionConfig config;
    private final InternalTopic topic;
    private final Runnable stopThreads;
    private final TransactionMarkers markers;
    private final Supplier<CompletableFuture<Long>> producerIds;
    private final Function<String, TopicPartition> offsetsPartitionForGroup;
    private final OngoingTransactions ongoing;
    private final CoordinatorRuntime<TransactionShard, TransactionRecord> runtime;

    /**
     * @param threads where the shards run
     * @param stopThreads stops {@code threads} once every shard is unloaded
     * @param producerIds a new producer id on each call (the metadata log's producer id blocks)
     * @param offsetsPartitionForGroup the partition of {@code __consumer_offsets} that holds a group's offsets
     */
    TransactionCoordinator(TransactionConfig config, InternalTopic topic, Executor threads, Runnable stopThreads,
                           Scheduler scheduler, CoordinatorLog<TransactionRecord> log, TransactionMarkers markers,
                           Supplier<CompletableFuture<Long>> producerIds,
                           Function<String, TopicPartition> offsetsPartitionForGroup) {
        this.config = config;
        this.topic = topic;
        this.stopThreads = stopThreads;
        this.markers = markers;
        this.producerIds = producerIds;
        this.offsetsPartitionForGroup = offsetsPartitionForGroup;
        this.ongoing = new OngoingTransactions(topic::partitionFor);
        this.runtime = new CoordinatorRuntime<>("transaction coordinator", threads, scheduler, log,
                context -> new TransactionShard(context, config, ongoing,
                        (transactionalId, prepared) -> completeAfterMarkers(context.partition(), transactionalId,
                                prepared)));
    }

    /**
     * Creates {@value #TOPIC} if it is missing, opens it with {@code logs} and starts loading each of its partitions
     * on {@code threads}; ids of a partition still loading answer {@code COORDINATOR_LOAD_IN_PROGRESS}, which clients
     * retry. A loaded partition completes the transactions it finds prepared and starts the periodic abort of
     * timed-out transactions and expiration of idle ids. Called once the partitions it writes markers to are open.
     *
     * @param partitions where the markers are written
     * @param stopThreads stops {@code threads} once every shard is unloaded
     * @param producerIds a new producer id on each call (the metadata log's producer id blocks)
     * @param offsetsPartitionForGroup the partition of {@code __consumer_offsets} that holds a group's offsets
     */
    public static TransactionCoordinator start(CoordinatorLogs logs, Topics topics, Partitions partitions,
                                               TransactionConfig config, Scheduler scheduler, Executor threads,
                                               Runnable stopThreads, Supplier<CompletableFuture<Long>> producerIds,
                                               Function<String, TopicPartition> offsetsPartitionForGroup) {
        TransactionCoordinator coordinator = new TransactionCoordinator(config, openTopic(topics, config), threads,
                stopThreads, scheduler, logs.open(TransactionLogRecords.CODEC),
                new TransactionMarkers(partitions, topics, scheduler), producerIds, offsetsPartitionForGroup);
        coordinator.loadAll();
        return coordinator;
    }

    /**
     * Creates {@value #TOPIC}, compacted, with {@code transaction.state.log.num.partitions} partitions if it is
     * missing; one that exists keeps its partition count, since the ids' records are already spread over it.
     */
    static InternalTopic openTopic(Topics topics, TransactionConfig config) {
        return InternalTopic.open(topics, TOPIC, config.stateLogPartitions(), "transaction.state.log.num.partitions",
                InternalTopic.configs(config.stateLogSegmentBytes()));
    }

    void loadAll() {
        runtime.loadAll(TOPIC, topic.partitionCount());
    }

    @Override
    public CompletableFuture<ProducerIdAndEpoch> initProducerId(String transactionalId, int transactionTimeoutMs,
                                                                ProducerIdAndEpoch current) {
        if (transactionalId == null) {
            return producerIds.get().thenApply(producerId -> new ProducerIdAndEpoch(producerId, (short) 0));
        }
        if (transactionalId.isEmpty()) {
            return failed(BrokerError.INVALID_REQUEST, "The transactional id is empty");
        }
        if (transactionTimeoutMs <= 0 || transactionTimeoutMs > config.maxTimeoutMs()) {
            return failed(BrokerError.INVALID_TRANSACTION_TIMEOUT, "The transaction timeout must be from 1 to "
                    + config.maxTimeoutMs() + " ms, was " + transactionTimeoutMs);
        }
        return initProducerId(transactionalId, transactionTimeoutMs, current == null ? ProducerIdAndEpoch.NONE
                : current, OptionalLong.empty());
    }

    private CompletableFuture<ProducerIdAndEpoch> initProducerId(String transactionalId, int timeoutMs,
                                                                 ProducerIdAndEpoch expected,
                                                                 OptionalLong newProducerId) {
        return runtime.write(partitionFor(transactionalId),
                        shard -> shard.initProducerId(transactionalId, timeoutMs, expected, newProducerId))
                .thenCompose(decision -> {
                    if (decision instanceof Decision.NeedProducerId) {
                        return producerIds.get().thenCompose(producerId -> initProducerId(transactionalId,
                                timeoutMs, expected, OptionalLong.of(producerId)));
                    }
                    if (!(decision instanceof Decision.Write write)) {
                        return CompletableFuture.failedFuture(((Decision.Fail) decision).exception());
                    }
                    TransactionMetadata target = write.target();
                    if (target.state() == TransactionState.PREPARE_ABORT) {
                        LOG.info("Aborting the ongoing transaction of {} to fence its producer, now at epoch {}",
                                transactionalId, target.producerEpoch());
                        return failed(BrokerError.CONCURRENT_TRANSACTIONS, "The ongoing transaction is being aborted");
                    }
                    LOG.info("Initialized transactional id {} with producer id {} and epoch {}", transactionalId,
                            target.producerId(), target.producerEpoch());
                    return CompletableFuture.completedFuture(target.producer());
                });
    }

    @Override
    public CompletableFuture<Map<TopicPartition, BrokerError>> addPartitions(String transactionalId,
                                                                             ProducerIdAndEpoch producer,
                                                                             Collection<TopicPartition> partitions) {
        Set<TopicPartition> added = Set.copyOf(partitions);
        return add(transactionalId, producer, added).thenApply(error ->
                added.stream().collect(Collectors.toMap(partition -> partition, partition -> error)));
    }

    @Override
    public CompletableFuture<Void> addOffsets(String transactionalId, ProducerIdAndEpoch producer, String groupId) {
        return add(transactionalId, producer, Set.of(offsetsPartitionForGroup.apply(groupId))).thenCompose(error ->
                error == BrokerError.NONE
                        ? CompletableFuture.completedFuture(null)
                        : failed(error, "The group's offsets cannot join the transaction: " + error));
    }

    /** @return the error of the request, {@link BrokerError#NONE} once the partitions are in the transaction */
    private CompletableFuture<BrokerError> add(String transactionalId, ProducerIdAndEpoch producer,
                                               Set<TopicPartition> partitions) {
        if (transactionalId.isEmpty()) {
            return CompletableFuture.completedFuture(BrokerError.INVALID_REQUEST);
        }
        return runtime.write(partitionFor(transactionalId),
                        shard -> shard.addPartitions(transactionalId, producer, partitions))
                .handle((decision, error) -> {
                    if (error != null) {
                        return Failures.cause(error) instanceof BrokerException failure ? failure.error()
                                : BrokerError.UNKNOWN_SERVER_ERROR;
                    }
                    return decision instanceof Decision.Fail fail ? fail.error() : BrokerError.NONE;
                });
    }

    @Override
    public CompletableFuture<Void> endTransaction(String transactionalId, ProducerIdAndEpoch producer,
                                                  boolean commit) {
        if (transactionalId.isEmpty()) {
            return failed(BrokerError.INVALID_REQUEST, "The transactional id is empty");
        }
        return runtime.write(partitionFor(transactionalId),
                        shard -> shard.endTransaction(transactionalId, producer, commit))
                .thenCompose(decision -> decision instanceof Decision.Fail fail
                        ? CompletableFuture.failedFuture(fail.exception())
                        : CompletableFuture.completedFuture(null));
    }

    /** Whether the producer's transaction under way has the partition in it: the transaction a write must belong to. */
    @Override
    public boolean inTransaction(String transactionalId, ProducerIdAndEpoch producer, TopicPartition partition) {
        return ongoing.inTransaction(transactionalId, producer, partition);
    }

    @Override
    public CompletableFuture<Optional<TransactionDescription>> describe(String transactionalId) {
        return runtime.read(partitionFor(transactionalId), shard -> shard.describe(transactionalId));
    }

    @Override
    public CompletableFuture<List<TransactionDescription>> list(Optional<String> transactionalIdPattern) {
        return Failures.call(() -> {
            Predicate<String> listed = transactionalIdPattern.map(TransactionCoordinator::wholeMatch)
                    .orElse(id -> true);
            return runtime.readAll(shard -> shard.list(listed)).thenApply(shards -> {
                List<TransactionDescription> descriptions = new ArrayList<>();
                shards.forEach(descriptions::addAll);
                return descriptions;
            });
        });
    }

    /** RE2 runs in time linear in the id, whatever pattern a client sends, which is why Kafka uses it. */
    private static Predicate<String> wholeMatch(String pattern) {
        try {
            Pattern compiled = Pattern.compile(pattern);
            return id -> compiled.matcher(id).matches();
        } catch (PatternSyntaxException e) {
            throw new BrokerException(BrokerError.INVALID_REGULAR_EXPRESSION, "Transaction ID pattern `" + pattern
                    + "` is not a valid regular expression: " + e.getMessage());
        }
    }

    /**
     * Off the shard: writes the markers of a transaction whose prepared state is in the log, then completes it on
     * its shard as an operation. Its failure needs nothing here: a shard unloaded or loading again completes the
     * transaction at its load, and one that failed to write the completion tries again itself.
     */
    private void completeAfterMarkers(TopicPartition partition, String transactionalId,
                                      TransactionMetadata prepared) {
        markers.write(transactionalId, prepared)
                .thenRun(() -> runtime.write(partition, shard -> shard.complete(transactionalId, prepared)));
    }

    private TopicPartition partitionFor(String transactionalId) {
        return topic.partitionFor(transactionalId);
    }

    /** Stops writing markers and unloads every shard; a transaction being completed is completed at the next start. */
    @Override
    public void close() {
        markers.close();
        runtime.close();
        stopThreads.run();
    }

    private static <T> CompletableFuture<T> failed(BrokerError error, String message) {
        return CompletableFuture.failedFuture(new BrokerException(error, message));
    }
}
