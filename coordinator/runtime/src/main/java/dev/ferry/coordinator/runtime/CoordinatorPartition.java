package dev.ferry.coordinator.runtime;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.time.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of a coordinator's internal topic: its shard, its timer, and the thread order every operation on
 * them keeps. Everything but the entry points runs on the partition's {@link SerialExecutor}.
 */
final class CoordinatorPartition<S extends CoordinatorShard<R>, R> {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorPartition.class);

    private enum State { LOADING, ACTIVE, FAILED, CLOSED }

    private final String coordinator;
    private final TopicPartition partition;
    private final SerialExecutor thread;
    private final Scheduler scheduler;
    private final CoordinatorLog<R> log;
    private final CoordinatorRuntime.ShardFactory<S, R> factory;
    private final ShardTimer<R> timer;
    private volatile State state = State.LOADING;
    private S shard;

    CoordinatorPartition(String coordinator, TopicPartition partition, SerialExecutor thread, Scheduler scheduler,
                         CoordinatorLog<R> log, CoordinatorRuntime.ShardFactory<S, R> factory) {
        this.coordinator = coordinator;
        this.partition = partition;
        this.thread = thread;
        this.scheduler = scheduler;
        this.log = log;
        this.factory = factory;
        this.timer = new ShardTimer<>(scheduler, operation -> thread.execute(() -> runTimeout(operation)));
    }

    CompletableFuture<Void> load() {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        thread.execute(() -> {
            if (state != State.LOADING) {
                loaded.complete(null);
                return;
            }
            try {
                rebuild();
                state = State.ACTIVE;
                loaded.complete(null);
            } catch (Exception e) {
                LOG.error("Loading the {} state of {} failed; it answers NOT_COORDINATOR", coordinator, partition, e);
                state = State.FAILED;
                loaded.completeExceptionally(e);
            }
        });
        return loaded;
    }

    CompletableFuture<Void> unload() {
        CompletableFuture<Void> unloaded = new CompletableFuture<>();
        thread.execute(() -> {
            State was = state;
            state = State.CLOSED;
            timer.cancelAll();
            if (was == State.ACTIVE) {
                shard.onUnloaded();
            }
            shard = null;
            unloaded.complete(null);
        });
        return unloaded;
    }

    <T> CompletableFuture<T> write(ProducerIdAndEpoch producer, CoordinatorRuntime.WriteOperation<S, T, R> operation) {
        return onShard(response -> {
            CoordinatorResult<T, R> result = operation.run(shard);
            apply(producer, result).whenComplete((done, failure) -> {
                if (failure == null) {
                    response.complete(result.response());
                } else {
                    response.completeExceptionally(failure);
                }
            });
        });
    }

    <T> CompletableFuture<T> read(Function<S, T> operation) {
        return onShard(response -> response.complete(operation.apply(shard)));
    }

    /**
     * Runs an operation on the shard's thread once the operations before it are done; it completes the response,
     * which fails instead if the shard is not active then, or if the operation throws.
     */
    private <T> CompletableFuture<T> onShard(Consumer<CompletableFuture<T>> operation) {
        CompletableFuture<T> response = new CompletableFuture<>();
        if (refused(response)) {
            return response;
        }
        thread.execute(() -> {
            if (refused(response)) {
                return;
            }
            try {
                operation.accept(response);
            } catch (RuntimeException e) {
                response.completeExceptionally(e);
            }
        });
        return response;
    }

    /** Replays a marker once the load, if one is running, is done: the load may have read it already. */
    void replayTransactionEnd(long producerId, boolean committed) {
        thread.execute(() -> {
            if (state == State.ACTIVE) {
                shard.replayTransactionEnd(producerId, committed);
            }
        });
    }

    private void runTimeout(Supplier<CoordinatorResult<Void, R>> operation) {
        if (state != State.ACTIVE) {
            return;
        }
        try {
            CoordinatorResult<Void, R> result = operation.get();
            if (result != null) {
                apply(ProducerIdAndEpoch.NONE, result);
            }
        } catch (RuntimeException e) {
            LOG.error("A {} timeout of {} failed", coordinator, partition, e);
        }
    }

    /**
     * Appends the result's records and replays them; completes, and completes the result's append
     * future, once they are committed.
     */
    private CompletableFuture<Void> apply(ProducerIdAndEpoch producer, CoordinatorResult<?, R> result) {
        List<R> records = result.records();
        CompletableFuture<Void> committed;
        if (records.isEmpty()) {
            committed = CompletableFuture.completedFuture(null);
        } else {
            try {
                long firstOffset = log.append(partition, producer, scheduler.clock().milliseconds(), records);
                for (int i = 0; i < records.size(); i++) {
                    shard.replay(firstOffset + i, producer.producerId(), records.get(i));
                }
                committed = log.committed(partition, firstOffset + records.size() - 1);
            } catch (RuntimeException e) {
                committed = CompletableFuture.failedFuture(appendFailure(e, result.changedInPlace()));
            }
        }
        // callbacks run on whichever thread commits, so they come back to the shard's
        CompletableFuture<Void> onShard = new CompletableFuture<>();
        committed.whenComplete((done, failure) -> thread.execute(() -> {
            if (failure == null) {
                result.appendFuture().complete(null);
                onShard.complete(null);
            } else {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                result.appendFuture().completeExceptionally(cause);
                onShard.completeExceptionally(cause);
            }
        }));
        return onShard;
    }

    /**
     * An append that failed after the operation changed the shard in place leaves the shard ahead of the log: it is
     * rebuilt from the log, which holds only what was appended.
     */
    private BrokerException appendFailure(RuntimeException e, boolean changedInPlace) {
        LOG.warn("Appending {} records to {} failed", coordinator, partition, e);
        if (changedInPlace) {
            try {
                shard.onUnloaded();
                timer.cancelAll();
                rebuild();
            } catch (Exception reload) {
                LOG.error("Reloading the {} state of {} failed; it answers NOT_COORDINATOR", coordinator, partition,
                        reload);
                state = State.FAILED;
            }
        }
        return new BrokerException(clientError(e), "The " + coordinator + " could not write to " + partition + ".", e);
    }

    /**
     * What a client is told of a failed append, as Kafka's coordinators tell it: to find the coordinator again after
     * a storage error, to retry when the partition is missing, nothing it could act on for a batch too large; a
     * refusal of the producer's state (a fenced epoch, a transaction gone) passes through.
     */
    private static BrokerError clientError(RuntimeException failure) {
        if (!(failure instanceof BrokerException e)) {
            return BrokerError.COORDINATOR_NOT_AVAILABLE;
        }
        return switch (e.error()) {
            case KAFKA_STORAGE_ERROR, NOT_COORDINATOR -> BrokerError.NOT_COORDINATOR;
            case UNKNOWN_TOPIC_OR_PARTITION -> BrokerError.COORDINATOR_NOT_AVAILABLE;
            case MESSAGE_TOO_LARGE, CORRUPT_MESSAGE -> BrokerError.UNKNOWN_SERVER_ERROR;
            default -> e.error();
        };
    }

    private void rebuild() throws Exception {
        long started = scheduler.clock().nanoseconds();
        S loading = factory.create(new CoordinatorContext<>(partition, scheduler.clock(), timer));
        log.load(partition, loading);
        shard = loading;
        shard.onLoaded();
        LOG.info("Loaded the {} state of {} in {} ms", coordinator, partition,
                (scheduler.clock().nanoseconds() - started) / 1_000_000);
    }

    private boolean refused(CompletableFuture<?> response) {
        State now = state;
        if (now == State.ACTIVE) {
            return false;
        }
        BrokerError error = now == State.LOADING ? BrokerError.COORDINATOR_LOAD_IN_PROGRESS
                : BrokerError.NOT_COORDINATOR;
        response.completeExceptionally(new BrokerException(error, "The " + coordinator + " state of " + partition
                + (now == State.LOADING ? " is loading." : " is not on this broker.")));
        return true;
    }
}
