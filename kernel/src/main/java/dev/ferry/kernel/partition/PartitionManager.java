package dev.ferry.kernel.partition;

import dev.ferry.coordinator.runtime.Failures;
import dev.ferry.kernel.config.TopicConfigDefaults;
import dev.ferry.kernel.plugin.LoadedExtension;
import dev.ferry.services.broker.Acks;
import dev.ferry.services.broker.AppendResult;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.FetchQuery;
import dev.ferry.services.broker.FetchedPartition;
import dev.ferry.services.broker.LogDirectoryUsage;
import dev.ferry.services.broker.PartitionOffsets;
import dev.ferry.services.broker.Partitions;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.ProducerState;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.broker.TransactionVerifier;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.BatchFilter;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.RewriteResult;
import dev.ferry.spi.storage.StorageEngine;
import dev.ferry.spi.storage.TimestampOffset;
import dev.ferry.spi.time.Scheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The partitions this broker leads, and the produce and fetch paths over their logs. */
public final class PartitionManager implements Partitions, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionManager.class);
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final LoadedExtension<StorageEngine> storage;
    private final TopicConfigDefaults topicDefaults;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final FetchReader reader = new FetchReader(partitions::get);
    private final Scheduler scheduler;
    private final ExecutorService storageThreads;
    private final DelayedFetches delayedFetches;
    private final List<Path> logDirs;
    private final LogMoves moves;
    private volatile TransactionMarkerListener markerListener = (partition, producerId, commit) -> { };
    private volatile TransactionVerifier verifier = TransactionVerifier.NONE;

    /**
     * @param logDirs the broker's log directories ({@code log.dirs}), absolute and normalised
     * @param scheduler the broker's: its clock stamps appends, and fetches wait on it
     * @param storageThreads the threads appends and disk lookups run on ({@code num.io.threads}), each partition's in
     *     order; shut down by {@link #close}
     */
    public PartitionManager(LoadedExtension<StorageEngine> storage, TopicConfigDefaults topicDefaults,
                            List<Path> logDirs, Scheduler scheduler, ExecutorService storageThreads) {
        this.storage = storage;
        this.topicDefaults = topicDefaults;
        this.scheduler = scheduler;
        this.storageThreads = storageThreads;
        this.delayedFetches = new DelayedFetches(scheduler, partitions::get);
        this.logDirs = List.copyOf(logDirs);
        this.moves = new LogMoves(storage);
    }

    /**
     * Opens (creating or recovering) the log of each partition of a topic that is not open yet: all of them for a new
     * topic, the added ones for a grown topic.
     */
    public void openTopic(TopicDescription topic) throws IOException {
        Map<String, String> config = topicDefaults.effective(topic.configs());
        for (int i = 0; i < topic.partitions(); i++) {
            TopicPartition topicPartition = new TopicPartition(topic.name(), i);
            if (partitions.containsKey(topicPartition)) {
                continue;
            }
            PartitionLog log = open(topicPartition, config);
            Partition partition = inStoragePlugin(() -> Partition.open(log, config, scheduler.clock(),
                    storageThreads));
            partitions.put(topicPartition, partition);
            Optional<Path> unfinishedMove = storage.call(() -> storage.instance().unfinishedMove(topicPartition));
            if (unfinishedMove.isPresent()) {
                LOG.info("Starting again the move of the log of {} to {}, which a stop interrupted", topicPartition,
                        unfinishedMove.get());
                moves.start(partition, unfinishedMove.get());
            }
        }
    }

    /**
     * Applies a topic's changed config overrides, or changed broker defaults, to its open partitions: from their next
     * append, roll and retention check on.
     */
    public void reconfigure(TopicDescription topic) {
        Map<String, String> config = topicDefaults.effective(topic.configs());
        for (int i = 0; i < topic.partitions(); i++) {
            Partition partition = partitions.get(new TopicPartition(topic.name(), i));
            if (partition != null) {
                storage.call(() -> {
                    partition.reconfigure(config);
                    return null;
                });
            }
        }
    }

    /**
     * Takes a topic's partitions out of service, then closes and deletes their logs. Appends racing with this
     * see an unknown partition; waiting fetches answer with one at their next read.
     */
    public void deleteTopic(TopicDescription topic) throws IOException {
        for (int i = 0; i < topic.partitions(); i++) {
            TopicPartition topicPartition = new TopicPartition(topic.name(), i);
            Partition partition = partitions.remove(topicPartition);
            if (partition != null) {
                moves.cancel(topicPartition);
                delayedFetches.onRemoved(topicPartition);
                partition.close();
                inStoragePlugin(() -> {
                    storage.instance().delete(topicPartition);
                    return null;
                });
            }
        }
    }

    @Override
    public CompletableFuture<AppendResult> append(TopicPartition topicPartition, ByteBuffer records, Acks acks,
                                                  Optional<String> transactionalId) {
        TransactionVerifier verifier = this.verifier;
        return onOwnThread(topicPartition, "Appending", partition -> {
            AppendResult result = partition.append(records, !Topic.isInternal(topicPartition.topic()),
                    producer -> transactionalId.isPresent()
                            && verifier.inTransaction(transactionalId.get(), producer, topicPartition));
            delayedFetches.onAppend(partition);
            return result;
        });
    }

    @Override
    public CompletableFuture<List<FetchedPartition>> fetch(FetchQuery query) {
        long[] readableBefore = query.maxWaitMs() > 0 ? readableBytes(query) : null;
        FetchReader.Pass pass = reader.read(query);
        if (query.maxWaitMs() <= 0 || pass.bytes() >= query.minBytes() || pass.anyError()
                || query.partitions().isEmpty()) {
            return CompletableFuture.completedFuture(pass.partitions());
        }
        DelayedFetch delayed = new DelayedFetch(query, reader, readableBefore, pass.bytes());
        delayedFetches.watch(delayed);
        return delayed.result();
    }

    /** Each partition's readable bytes, in the query's order; -1 for one not hosted here. */
    private long[] readableBytes(FetchQuery query) {
        long[] readable = new long[query.partitions().size()];
        for (int i = 0; i < readable.length; i++) {
            Partition partition = partitions.get(query.partitions().get(i).partition());
            readable[i] = partition == null ? -1 : partition.readableBytes(query.readCommitted());
        }
        return readable;
    }

    @Override
    public PartitionOffsets offsets(TopicPartition topicPartition) {
        return partition(topicPartition).offsets();
    }

    @Override
    public CompletableFuture<Optional<TimestampOffset>> offsetForTimestamp(TopicPartition topicPartition,
                                                                          long timestamp) {
        return onOwnThread(topicPartition, "Looking up a timestamp",
                partition -> partition.offsetForTimestamp(timestamp));
    }

    @Override
    public CompletableFuture<Optional<TimestampOffset>> maxTimestamp(TopicPartition topicPartition) {
        return onOwnThread(topicPartition, "Looking up the max timestamp", Partition::maxTimestamp);
    }

    @Override
    public CompletableFuture<Long> deleteRecordsBefore(TopicPartition topicPartition, long offset) {
        return onOwnThread(topicPartition, "Deleting records", partition -> partition.deleteRecordsBefore(offset));
    }

    /** Every directory of {@code log.dirs}, with the logs in it and the copies of logs being moved into it. */
    @Override
    public List<LogDirectoryUsage> logDirectories() {
        Map<Path, Map<TopicPartition, Long>> sizesByDirectory = new TreeMap<>();
        Map<Path, Map<TopicPartition, LogDirectoryUsage.FutureLog>> futuresByDirectory = new HashMap<>();
        for (Path directory : logDirs) {
            sizesByDirectory.put(directory, new HashMap<>());
        }
        for (Partition partition : partitions.values()) {
            PartitionLog log = partition.log();
            sizesByDirectory.computeIfAbsent(log.directory().toAbsolutePath().getParent(), dir -> new HashMap<>())
                    .put(log.partition(), log.sizeInBytes());
        }
        moves.underWay().forEach((topicPartition, move) -> futuresByDirectory
                .computeIfAbsent(move.log().logDirectory(), dir -> new HashMap<>())
                .put(topicPartition, new LogDirectoryUsage.FutureLog(move.log().sizeInBytes(),
                        Math.max(0, move.partition().offsets().logEndOffset() - move.log().logEndOffset()))));
        List<LogDirectoryUsage> usages = new ArrayList<>();
        sizesByDirectory.forEach((directory, sizes) -> usages.add(usage(directory, sizes,
                futuresByDirectory.getOrDefault(directory, Map.of()))));
        return usages;
    }

    /**
     * Starts moving a partition's log to another of {@code log.dirs}, or gives up a move under way when asked for the
     * directory the log is in: the copy is made on the log mover's thread and swapped in once it caught up.
     */
    @Override
    public void moveLog(TopicPartition topicPartition, Path logDirectory) {
        Partition partition = partition(topicPartition);
        Path target = logDirectory.toAbsolutePath().normalize();
        if (!logDirs.contains(target)) {
            throw new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, target + " is not one of the log directories");
        }
        try {
            moves.start(partition, target);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | IllegalStateException e) {
            LOG.error("Moving the log of {} to {} failed", topicPartition, target, e);
            throw new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "Moving the log of " + topicPartition + " to "
                    + target + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Void> writeTransactionMarker(TopicPartition topicPartition, ProducerIdAndEpoch producer,
                                                          boolean commit, int coordinatorEpoch) {
        return onOwnThread(topicPartition, "Writing a transaction marker", partition -> {
            partition.writeTransactionMarker(producer, commit, coordinatorEpoch);
            delayedFetches.onAppend(partition);
            try {
                markerListener.markerWritten(topicPartition, producer.producerId(), commit);
            } catch (RuntimeException e) {
                // the marker is in the log: failing here would have it written twice
                LOG.error("Applying the transaction marker of producer {} in {} failed", producer.producerId(),
                        topicPartition, e);
            }
            return null;
        });
    }

    /** Checks with {@code verifier} each producer batch that would start a transaction in a partition. */
    public void verifyTransactionsWith(TransactionVerifier verifier) {
        this.verifier = verifier;
    }

    /** Tells {@code listener} of every transaction marker written from now on, once it is in the log. */
    public void onTransactionMarker(TransactionMarkerListener listener) {
        this.markerListener = listener;
    }

    @Override
    public List<ProducerState> producers(TopicPartition topicPartition) {
        return partition(topicPartition).producers();
    }

    private static LogDirectoryUsage usage(Path directory, Map<TopicPartition, Long> sizes,
                                           Map<TopicPartition, LogDirectoryUsage.FutureLog> futureLogs) {
        try {
            FileStore store = Files.getFileStore(directory);
            return new LogDirectoryUsage(directory, store.getTotalSpace(), store.getUsableSpace(), sizes, futureLogs);
        } catch (IOException e) {
            LOG.error("Reading the disk space of {} failed", directory, e);
            throw new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "Reading the disk space of " + directory
                    + " failed", e);
        }
    }

    /**
     * Has a partition's log rewrite its closed segments below {@code endOffset}, keeping what {@code filter} keeps:
     * the log cleaner's second pass. Blocks on disk I/O.
     */
    public RewriteResult rewrite(Partition partition, long endOffset, BatchFilter filter) throws IOException {
        return inStoragePlugin(() -> partition.rewrite(endOffset, filter));
    }

    /** Whether a partition's log is being moved to another log directory, which the log cleaner leaves alone. */
    public boolean isMoving(TopicPartition topicPartition) {
        return moves.underWay().containsKey(topicPartition);
    }

    /** The partitions, for the kernel's background work (retention, cleaning). */
    public Collection<Partition> partitions() {
        return List.copyOf(partitions.values());
    }

    Partition partition(TopicPartition topicPartition) {
        Partition partition = partitions.get(topicPartition);
        if (partition == null) {
            throw new BrokerException(BrokerError.UNKNOWN_TOPIC_OR_PARTITION,
                    "This server does not host this topic-partition.");
        }
        return partition;
    }

    private <T> CompletableFuture<T> onOwnThread(TopicPartition topicPartition, String what, PartitionCall<T> call) {
        return Failures.call(() -> {
            Partition partition = partition(topicPartition);
            return onOwnThread(partition, what, () -> call.run(partition));
        });
    }

    /**
     * Runs disk work of a partition on its own thread, after the work given before it: an I/O failure answers
     * {@link BrokerError#KAFKA_STORAGE_ERROR}, and so does work given once the broker stops.
     */
    private static <T> CompletableFuture<T> onOwnThread(Partition partition, String what, StorageCalls.Call<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            partition.ownThread().execute(() -> {
                try {
                    result.complete(call.run());
                } catch (BrokerException e) {
                    result.completeExceptionally(e);
                } catch (IOException e) {
                    LOG.error("{} in {} failed", what, partition.topicPartition(), e);
                    result.completeExceptionally(new BrokerException(BrokerError.KAFKA_STORAGE_ERROR,
                            what + " in " + partition.topicPartition() + " failed", e));
                } catch (RuntimeException | Error e) {
                    // as Kafka's request handlers: the request is answered (UNKNOWN_SERVER_ERROR), the broker goes on
                    LOG.error("{} in {} failed", what, partition.topicPartition(), e);
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new BrokerException(BrokerError.KAFKA_STORAGE_ERROR,
                    what + " in " + partition.topicPartition() + " refused: the broker is stopping"));
        }
        return result;
    }

    @FunctionalInterface
    private interface PartitionCall<T> {
        T run(Partition partition) throws IOException;
    }

    /**
     * Lets the appends already given finish and refuses later ones, stops the log moves after the chunk each is
     * copying, answers every waiting fetch with what is there now, and snapshots each partition's producers; the logs
     * and the copies stay open for the storage engine to close.
     */
    @Override
    public void close() {
        storageThreads.shutdown();
        try {
            if (!storageThreads.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Appends still running after {} s; stopping without them", CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        moves.close();
        delayedFetches.close();
        for (Partition partition : partitions.values()) {
            try {
                inStoragePlugin(() -> {
                    partition.writeProducerSnapshot();
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                LOG.warn("Writing the producer snapshot of {} failed; its next start reads more of its log",
                        partition.topicPartition(), e);
            }
        }
    }

    private PartitionLog open(TopicPartition topicPartition, Map<String, String> configs) throws IOException {
        return inStoragePlugin(() -> storage.instance().open(topicPartition, configs));
    }

    private <T> T inStoragePlugin(StorageCalls.Call<T> call) throws IOException {
        return StorageCalls.inPlugin(storage, call);
    }
}
