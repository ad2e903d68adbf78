package dev.ferry.coordinator.runtime;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the coordinators' state machines in Apache Kafka's shape: one {@link CoordinatorShard} per partition of an
 * internal topic this broker leads, each driven by one operation at a time on a thread of a small shared pool.
 * A write operation reads the shard and returns records plus a response; the runtime appends the records to the
 * partition, replays them into the shard, and gives the response only once they are committed. A shard is built
 * by replaying its partition's log when the broker {@linkplain #load takes the partition} and dropped when it
 * {@linkplain #unload gives it up}; requests meanwhile get {@code COORDINATOR_LOAD_IN_PROGRESS} or
 * {@code NOT_COORDINATOR}, which clients retry.
 *
 * @param <S> the shards
 * @param <R> their records
 */
public final class CoordinatorRuntime<S extends CoordinatorShard<R>, R> {

    /** Makes the shard of a partition, empty: the runtime then replays the partition's log into it. */
    @FunctionalInterface
    public interface ShardFactory<S, R> {
        S create(CoordinatorContext<R> context);
    }

    /** A change of a shard: reads its state and returns records plus a response. */
    @FunctionalInterface
    public interface WriteOperation<S, T, R> {
        CoordinatorResult<T, R> run(S shard);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final String name;
    private final Executor threads;
    private final Scheduler scheduler;
    private final CoordinatorLog<R> log;
    private final ShardFactory<S, R> factory;
    private final Map<TopicPartition, CoordinatorPartition<S, R>> partitions = new ConcurrentHashMap<>();

    /**
     * @param name names the coordinator in log lines and errors
     * @param threads where shards run: a pool of a few threads, or a direct executor in tests
     */
    public CoordinatorRuntime(String name, Executor threads, Scheduler scheduler, CoordinatorLog<R> log,
                              ShardFactory<S, R> factory) {
        this.name = name;
        this.threads = threads;
        this.scheduler = scheduler;
        this.log = log;
        this.factory = factory;
    }

    /**
     * Builds the partition's shard by replaying its log, on the shard's thread; returns at once. Completes when
     * the shard serves operations, or exceptionally if the load failed (the partition then answers
     * {@code NOT_COORDINATOR}).
     */
    public CompletableFuture<Void> load(TopicPartition partition) {
        CoordinatorPartition<S, R> loading = new CoordinatorPartition<>(name, partition,
                new SerialExecutor(threads), scheduler, log, factory);
        CoordinatorPartition<S, R> previous = partitions.put(partition, loading);
        if (previous != null) {
            previous.unload();
        }
        return loading.load();
    }

    /** Drops the partition's shard after the operations already given to it; later ones get NOT_COORDINATOR. */
    public CompletableFuture<Void> unload(TopicPartition partition) {
        CoordinatorPartition<S, R> unloaded = partitions.remove(partition);
        return unloaded == null ? CompletableFuture.completedFuture(null) : unloaded.unload();
    }

    /**
     * {@link #load}s every partition of the coordinator's topic; completes when all are loaded, or exceptionally if
     * one failed.
     */
    public CompletableFuture<Void> loadAll(String topic, int partitionCount) {
        List<CompletableFuture<Void>> loads = new ArrayList<>();
        for (int i = 0; i < partitionCount; i++) {
            loads.add(load(new TopicPartition(topic, i)));
        }
        return CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new));
    }

    /**
     * Drops every shard, waiting up to {@value #CLOSE_WAIT_SECONDS} s for each to finish the operations it was given;
     * the threads are the caller's to stop afterwards.
     */
    public void close() {
        List<CompletableFuture<Void>> unloads = new ArrayList<>();
        for (TopicPartition partition : List.copyOf(partitions.keySet())) {
            unloads.add(unload(partition));
        }
        try {
            CompletableFuture.allOf(unloads.toArray(CompletableFuture[]::new))
                    .get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("The {} did not stop in time", name, e);
        }
    }

    /**
     * Runs a write operation on the partition's shard: its records are appended and replayed, then the future
     * completes with its response once they are committed. Fails with a {@link BrokerException}: the shard is
     * loading or not here, the operation threw one, or the append failed.
     */
    public <T> CompletableFuture<T> write(TopicPartition partition, WriteOperation<S, T, R> operation) {
        return write(partition, ProducerIdAndEpoch.NONE, operation);
    }

    /** {@link #write}, the records appended as a transactional batch of {@code producer}. */
    public <T> CompletableFuture<T> write(TopicPartition partition, ProducerIdAndEpoch producer,
                                          WriteOperation<S, T, R> operation) {
        return on(partition, shard -> shard.write(producer, operation));
    }

    /**
     * Replays a transaction marker that was appended to the partition outside the runtime, after the operations
     * given to its shard before. Waits for a running load, which may have read the marker already: replaying a
     * marker twice must change nothing.
     */
    public void replayTransactionEnd(TopicPartition partition, long producerId, boolean committed) {
        CoordinatorPartition<S, R> shard = partitions.get(partition);
        if (shard != null) {
            shard.replayTransactionEnd(producerId, committed);
        }
    }

    /** Reads the partition's shard on its thread, after the operations given to it before. */
    public <T> CompletableFuture<T> read(TopicPartition partition, Function<S, T> operation) {
        return on(partition, shard -> shard.read(operation));
    }

    /** {@link #read} on every shard loaded here: the results of those that answered, in no particular order. */
    public <T> CompletableFuture<List<T>> readAll(Function<S, T> operation) {
        List<CompletableFuture<T>> reads = partitions.values().stream().map(shard -> shard.read(operation)).toList();
        return CompletableFuture.allOf(reads.stream().map(read -> read.exceptionally(e -> null))
                        .toArray(CompletableFuture[]::new))
                .thenApply(done -> reads.stream().filter(read -> !read.isCompletedExceptionally())
                        .map(CompletableFuture::join).toList());
    }

    private <T> CompletableFuture<T> on(TopicPartition partition,
                                        Function<CoordinatorPartition<S, R>, CompletableFuture<T>> action) {
        CoordinatorPartition<S, R> shard = partitions.get(partition);
        if (shard == null) {
            return CompletableFuture.failedFuture(new BrokerException(BrokerError.NOT_COORDINATOR,
                    "This broker is not the " + name + " of " + partition + "."));
        }
        return action.apply(shard);
    }
}
