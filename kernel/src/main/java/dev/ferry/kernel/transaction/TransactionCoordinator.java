package dev.ferry.kernel.transaction;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.ferry.kernel.async.DaemonThreads;
import dev.ferry.kernel.async.Failures;
import dev.ferry.kernel.group.GroupTimer;
import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.kernel.partition.TransactionVerifier;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import dev.ferry.spi.broker.ProducerIdAndEpoch;
import dev.ferry.spi.broker.Topics;
import dev.ferry.spi.broker.TransactionDescription;
import dev.ferry.spi.broker.TransactionState;
import dev.ferry.spi.broker.Transactions;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's transaction coordinator on a single node, for clients of transaction version 0 and 1: producer ids and
 * epochs per transactional id, the partitions of each transaction, commit and abort with markers, the abort of
 * transactions past their timeout and the expiration of idle ids. Every change of an id is written to
 * {@value TransactionLog#TOPIC} before the request that caused it is answered, and replayed from there at start.
 * Thread-safe and never blocking: requests of one id are checked under that id's lock, and a request that arrives
 * while a change of its id is being written is answered as Kafka does, mostly with
 * {@link BrokerError#CONCURRENT_TRANSACTIONS}. Markers, timeouts and expiration run on the coordinator's own thread.
 */
public final class TransactionCoordinator implements Transactions, TransactionVerifier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionCoordinator.class);

    private final TransactionLog log;
    private final TransactionMarkers markers;
    private final TransactionConfig config;
    private final Supplier<CompletableFuture<Long>> producerIds;
    private final Function<String, TopicPartition> offsetsPartitionForGroup;
    private final GroupTimer timer;
    private final Runnable stop;
    private final Map<String, TransactionEntry> entries = new ConcurrentHashMap<>();
    private volatile boolean closed;

    TransactionCoordinator(TransactionLog log, TransactionMarkers markers, TransactionConfig config,
                           Supplier<CompletableFuture<Long>> producerIds,
                           Function<String, TopicPartition> offsetsPartitionForGroup, GroupTimer timer, Runnable stop) {
        this.log = log;
        this.markers = markers;
        this.config = config;
        this.producerIds = producerIds;
        this.offsetsPartitionForGroup = offsetsPartitionForGroup;
        this.timer = timer;
        this.stop = stop;
    }

    /**
     * Creates {@code __transaction_state} if it is missing, replays it to rebuild every transactional id, then starts
     * the coordinator's thread: it completes the transactions found prepared but not complete, and runs the periodic
     * abort of timed-out transactions and expiration of idle ids. Blocking; called once at start, before any listener
     * opens and once the partitions it writes markers to (including the group offsets) are loaded.
     *
     * @param producerIds a new producer id on each call (the metadata log's producer id blocks)
     * @param offsetsPartitionForGroup the partition of {@code __consumer_offsets} that holds a group's offsets
     */
    public static TransactionCoordinator load(Topics topics, PartitionManager partitions, TransactionConfig config,
                                              Supplier<CompletableFuture<Long>> producerIds,
                                              Function<String, TopicPartition> offsetsPartitionForGroup)
            throws IOException {
        TransactionLog log = TransactionLog.open(topics, partitions, config);
        Map<String, TransactionMetadata> states = new HashMap<>();
        long started = System.nanoTime();
        log.topic().replay(partitions, (partition, batch) -> TransactionLog.replay(partition, batch, states));
        LOG.info("Loaded {} transactional ids from {} in {} ms", states.size(), TransactionLog.TOPIC,
                (System.nanoTime() - started) / 1_000_000);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("transaction-coordinator"));
        GroupTimer timer = GroupTimer.on(executor);
        TransactionCoordinator coordinator = new TransactionCoordinator(log,
                new TransactionMarkers(partitions, topics, timer), config, producerIds, offsetsPartitionForGroup,
                timer, executor::shutdownNow);
        coordinator.start(states);
        return coordinator;
    }

    /** Takes the replayed ids, resumes their prepared transactions and schedules the periodic work. */
    void start(Map<String, TransactionMetadata> states) {
        states.forEach((id, metadata) -> entries.put(id, new TransactionEntry(id, metadata)));
        entries.values().stream()
                .filter(entry -> entry.current().preparing())
                .forEach(entry -> {
                    LOG.info("Completing the transaction of {} found in state {}", entry.transactionalId(),
                            entry.current().state().kafkaName());
                    complete(entry, entry.current());
                });
        every(config.abortTimedOutIntervalMs(), this::abortTimedOutTransactions);
        every(config.removeExpiredIntervalMs(), this::expireTransactionalIds);
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
        ProducerIdAndEpoch expected = current == null ? ProducerIdAndEpoch.NONE : current;
        TransactionEntry known = entries.get(transactionalId);
        CompletableFuture<TransactionEntry> entry = known != null
                ? CompletableFuture.completedFuture(known)
                : producerIds.get().thenApply(producerId -> entries.computeIfAbsent(transactionalId,
                        id -> new TransactionEntry(id,
                                TransactionMetadata.created(producerId, transactionTimeoutMs, timer.nowMs()))));
        return entry.thenCompose(found -> initProducerId(found, transactionTimeoutMs, expected, OptionalLong.empty()));
    }

    private CompletableFuture<ProducerIdAndEpoch> initProducerId(TransactionEntry entry, int timeoutMs,
                                                                 ProducerIdAndEpoch current,
                                                                 OptionalLong newProducerId) {
        Decision decision = entry.decide((metadata, pending) -> TransactionRules.initProducerId(metadata, pending,
                timeoutMs, current, newProducerId, timer.nowMs()));
        if (decision instanceof Decision.NeedProducerId) {
            return producerIds.get().thenCompose(producerId ->
                    initProducerId(entry, timeoutMs, current, OptionalLong.of(producerId)));
        }
        if (!(decision instanceof Decision.Write write)) {
            return CompletableFuture.failedFuture(((Decision.Fail) decision).exception());
        }
        TransactionMetadata target = write.target();
        if (target.state() != TransactionState.PREPARE_ABORT) {
            return write(entry, target).thenApply(written -> {
                LOG.info("Initialized transactional id {} with producer id {} and epoch {}", entry.transactionalId(),
                        target.producerId(), target.producerEpoch());
                return target.producer();
            });
        }
        LOG.info("Aborting the ongoing transaction of {} to fence producer epoch {}", entry.transactionalId(),
                entry.current().producerEpoch());
        return write(entry, target).thenCompose(written -> {
            complete(entry, target);
            return failed(BrokerError.CONCURRENT_TRANSACTIONS, "The ongoing transaction is being aborted");
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
        TransactionEntry entry = entries.get(transactionalId);
        if (entry == null) {
            return CompletableFuture.completedFuture(BrokerError.INVALID_PRODUCER_ID_MAPPING);
        }
        Decision decision = entry.decide((metadata, pending) ->
                TransactionRules.addPartitions(metadata, pending, producer, partitions, timer.nowMs()));
        if (decision instanceof Decision.Fail fail) {
            return CompletableFuture.completedFuture(fail.error());
        }
        if (!(decision instanceof Decision.Write write)) {
            return CompletableFuture.completedFuture(BrokerError.NONE);
        }
        return write(entry, write.target()).handle((written, error) -> error == null ? BrokerError.NONE
                : Failures.cause(error) instanceof BrokerException failure ? failure.error()
                : BrokerError.UNKNOWN_SERVER_ERROR);
    }

    @Override
    public CompletableFuture<Void> endTransaction(String transactionalId, ProducerIdAndEpoch producer,
                                                  boolean commit) {
        if (transactionalId.isEmpty()) {
            return failed(BrokerError.INVALID_REQUEST, "The transactional id is empty");
        }
        TransactionEntry entry = entries.get(transactionalId);
        if (entry == null) {
            return failed(BrokerError.INVALID_PRODUCER_ID_MAPPING, "Unknown transactional id " + transactionalId);
        }
        Decision decision = entry.decide((metadata, pending) ->
                TransactionRules.endTransaction(metadata, pending, producer, commit, timer.nowMs()));
        if (decision instanceof Decision.Fail fail) {
            return CompletableFuture.failedFuture(fail.exception());
        }
        if (!(decision instanceof Decision.Write write)) {
            return CompletableFuture.completedFuture(null);
        }
        // the client hears once the decision is durable; the markers follow, as in Kafka
        return write(entry, write.target()).thenRun(() -> complete(entry, write.target()));
    }

    /** Whether the producer's transaction under way has the partition in it: the transaction a write must belong to. */
    @Override
    public boolean inTransaction(String transactionalId, ProducerIdAndEpoch producer, TopicPartition partition) {
        TransactionEntry entry = entries.get(transactionalId);
        if (entry == null) {
            return false;
        }
        TransactionMetadata current = entry.current();
        return current.state() == TransactionState.ONGOING && current.producer().equals(producer)
                && current.partitions().contains(partition);
    }

    @Override
    public CompletableFuture<Optional<TransactionDescription>> describe(String transactionalId) {
        return CompletableFuture.completedFuture(described(transactionalId));
    }

    private Optional<TransactionDescription> described(String transactionalId) {
        return Optional.ofNullable(entries.get(transactionalId))
                .map(TransactionEntry::current)
                .filter(metadata -> metadata.state() != TransactionState.DEAD)
                .map(metadata -> metadata.describe(transactionalId));
    }

    @Override
    public CompletableFuture<List<TransactionDescription>> list(Optional<String> transactionalIdPattern) {
        return Failures.call(() -> {
            Predicate<String> listed = transactionalIdPattern.map(TransactionCoordinator::wholeMatch)
                    .orElse(id -> true);
            return CompletableFuture.completedFuture(entries.keySet().stream()
                    .filter(listed)
                    .map(this::described)
                    .flatMap(Optional::stream)
                    .toList());
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

    /** Stops the coordinator's thread; a transaction being completed is completed at the next start. */
    @Override
    public void close() {
        closed = true;
        stop.run();
    }

    /** Aborts, fencing their producers, the transactions under way for longer than their timeout. */
    void abortTimedOutTransactions() {
        long nowMs = timer.nowMs();
        for (TransactionEntry entry : entries.values()) {
            Decision decision = entry.decide((metadata, pending) ->
                    TransactionRules.abortIfTimedOut(metadata, pending, nowMs));
            if (decision instanceof Decision.Write write) {
                LOG.info("Aborting the transaction of {} after its timeout of {} ms", entry.transactionalId(),
                        write.target().timeoutMs());
                write(entry, write.target()).thenRun(() -> complete(entry, write.target()));
            }
        }
    }

    /** Removes, with a tombstone each, the ids idle for longer than {@code transactional.id.expiration.ms}. */
    void expireTransactionalIds() {
        long nowMs = timer.nowMs();
        for (TransactionEntry entry : entries.values()) {
            Decision decision = entry.decide((metadata, pending) ->
                    TransactionRules.expireIfIdle(metadata, pending, nowMs, config.idExpirationMs()));
            if (decision instanceof Decision.Write write) {
                write(entry, write.target()).thenRun(() -> {
                    entries.remove(entry.transactionalId(), entry);
                    LOG.info("Removed the expired transactional id {}", entry.transactionalId());
                });
            }
        }
    }

    /** Writes the markers of a prepared transaction on the coordinator's thread, then its completion. */
    private void complete(TransactionEntry entry, TransactionMetadata prepared) {
        timer.schedule(0, () -> markers.write(entry.transactionalId(), prepared)
                .thenRun(() -> writeCompletion(entry)));
    }

    /** A completion that fails to be written is tried again later: the transaction stays prepared until then. */
    private void writeCompletion(TransactionEntry entry) {
        Decision decision = entry.decide((metadata, pending) ->
                TransactionRules.complete(metadata, pending, timer.nowMs()));
        if (decision instanceof Decision.Write write) {
            write(entry, write.target()).exceptionally(error -> {
                if (!closed) {
                    timer.schedule(TransactionMarkers.RETRY_BACKOFF_MS, () -> writeCompletion(entry));
                }
                return null;
            });
        }
    }

    /** Writes the change an entry's rule decided, then applies it, or drops it when the write fails. */
    private CompletableFuture<Void> write(TransactionEntry entry, TransactionMetadata target) {
        return log.append(entry.transactionalId(), target)
                .whenComplete((written, error) -> entry.written(target, error == null));
    }

    private void every(long intervalMs, Runnable task) {
        timer.schedule(intervalMs, () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("A periodic task of the transaction coordinator failed", e);
            }
            if (!closed) {
                every(intervalMs, task);
            }
        });
    }

    private static <T> CompletableFuture<T> failed(BrokerError error, String message) {
        return CompletableFuture.failedFuture(new BrokerException(error, message));
    }
}
