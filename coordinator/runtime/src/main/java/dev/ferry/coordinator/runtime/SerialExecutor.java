package dev.ferry.coordinator.runtime;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks one at a time, in the order given, on threads of a shared executor: a shard's operations never run
 * concurrently, while many shards share a few threads. A task given while one runs on the same thread runs after it,
 * never inside it, so a direct executor gives tests the same order on the caller's thread. The broker's partitions
 * order their appends the same way.
 */
public final class SerialExecutor implements Executor {

    private final Executor threads;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    public SerialExecutor(Executor threads) {
        this.threads = threads;
    }

    /** @throws RejectedExecutionException when the shared executor is shut down; the task will not run */
    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            threads.execute(this::drain);
        } catch (RejectedExecutionException e) {
            abandon();
            throw e;
        }
    }

    private void drain() {
        Runnable next;
        while ((next = nextTask()) != null) {
            try {
                next.run();
            } catch (Throwable failure) {
                // the tasks after it must still run, or every later one would wait behind a drain that ended
                drainLater();
                throw failure;
            }
        }
    }

    private synchronized Runnable nextTask() {
        Runnable next = tasks.poll();
        if (next == null) {
            running = false;
        }
        return next;
    }

    private void drainLater() {
        try {
            threads.execute(this::drain);
        } catch (RejectedExecutionException e) {
            abandon();
        }
    }

    /** The threads are shut down: leaves no task queued behind a drain that will never run. */
    private synchronized void abandon() {
        tasks.clear();
        running = false;
    }
}
