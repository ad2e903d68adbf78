package dev.ferry.kernel.partition;

import dev.ferry.kernel.async.DaemonThreads;
import dev.ferry.kernel.plugin.LoadedExtension;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.LogMove;
import dev.ferry.spi.storage.StorageEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moves of partition logs to other log directories (Kafka's AlterReplicaLogDirs), driven on one thread of their
 * own: each move copies a chunk at a time, so starts and cancels of other moves interleave, and once a chunk finds the
 * copy caught up the partition swaps it in while it holds its appends for the short rest. Every change of the set of
 * moves runs on that thread too, so a move is never started, stepped and aborted at once.
 */
final class LogMoves implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogMoves.class);
    /** What one step copies; a step that copies less found the copy caught up. */
    private static final int STEP_BYTES = 1 << 20;
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final LoadedExtension<StorageEngine> storage;
    private final Map<TopicPartition, Move> moves = new ConcurrentHashMap<>();
    private final ExecutorService mover = Executors.newSingleThreadExecutor(DaemonThreads.named("ferry-log-mover"));
    private volatile boolean closing;

    /** A move under way. */
    record Move(Partition partition, LogMove log) {
    }

    LogMoves(LoadedExtension<StorageEngine> storage) {
        this.storage = storage;
    }

    /**
     * Starts moving a partition's log to a log directory, and returns once its copy exists. A move to the same
     * directory already under way goes on; one to another directory is given up first; asking for the directory the
     * log is in only gives up a move under way.
     */
    void start(Partition partition, Path logDirectory) throws IOException {
        onMover(() -> {
            TopicPartition topicPartition = partition.topicPartition();
            Move running = moves.get(topicPartition);
            if (running != null && running.log().logDirectory().equals(logDirectory)) {
                return null;
            }
            if (running != null) {
                abort(running);
            }
            if (partition.log().directory().toAbsolutePath().getParent().equals(logDirectory)) {
                return null;
            }
            LogMove log = StorageCalls.inPlugin(storage,
                    () -> storage.instance().startMove(partition.log(), logDirectory));
            Move move = new Move(partition, log);
            moves.put(topicPartition, move);
            LOG.info("Moving the log of {} to {}", topicPartition, logDirectory);
            mover.execute(() -> step(move));
            return null;
        });
    }

    /** Gives up the move of a partition's log, if one is under way, and returns once its copy is gone. */
    void cancel(TopicPartition partition) throws IOException {
        onMover(() -> {
            Move running = moves.get(partition);
            if (running != null) {
                abort(running);
            }
            return null;
        });
    }

    /** The moves under way. */
    Map<TopicPartition, Move> underWay() {
        return Map.copyOf(moves);
    }

    private void step(Move move) {
        TopicPartition partition = move.partition().topicPartition();
        if (closing || moves.get(partition) != move) {
            return;
        }
        try {
            long copied = StorageCalls.inPlugin(storage, () -> move.log().copy(STEP_BYTES));
            if (copied >= STEP_BYTES) {
                mover.execute(() -> step(move));
                return;
            }
            StorageCalls.inPlugin(storage, () -> {
                move.partition().completeMove(move.log());
                return null;
            });
            moves.remove(partition, move);
            LOG.info("Moved the log of {} to {}", partition, move.log().logDirectory());
        } catch (RejectedExecutionException e) {
            LOG.debug("Not copying {} further: the broker is stopping", partition);
        } catch (IOException | RuntimeException e) {
            LOG.error("Moving the log of {} to {} failed: giving the move up", partition, move.log().logDirectory(), e);
            abort(move);
        }
    }

    private void abort(Move move) {
        moves.remove(move.partition().topicPartition(), move);
        try {
            StorageCalls.inPlugin(storage, () -> {
                move.log().abort();
                return null;
            });
        } catch (IOException | RuntimeException e) {
            LOG.error("Giving up the move of {} failed", move.partition().topicPartition(), e);
        }
    }

    private <T> T onMover(StorageCalls.Call<T> call) throws IOException {
        Future<T> result = mover.submit(call::run);
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for the log mover", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * Stops copying after the chunk at hand, without interrupting it (an interrupt would close the log's files); the
     * storage engine keeps the copies, and the next start begins their moves again.
     */
    @Override
    public void close() {
        closing = true;
        mover.shutdown();
        try {
            if (!mover.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("The log mover still runs after {} s", CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
