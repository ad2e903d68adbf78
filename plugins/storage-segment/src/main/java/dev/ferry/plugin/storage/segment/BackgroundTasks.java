package dev.ferry.plugin.storage.segment;

import java.io.IOException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's own threads for the slow disk work that must never run on a caller's thread (appends come from
 * Netty event loops): fsync after a roll or for {@code flush.messages} / {@code flush.ms}, checkpoint writes and
 * the delayed deletion of segments. A failing task is logged; the log goes on, and recovery covers the rest.
 */
final class BackgroundTasks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);
    private static final long SHUTDOWN_WAIT_SECONDS = 30;

    /** Disk work that may fail. */
    @FunctionalInterface
    interface Task {
        void run() throws IOException;
    }

    private final ScheduledThreadPoolExecutor executor;

    BackgroundTasks(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "ferry-storage-segment-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = new ScheduledThreadPoolExecutor(threads, factory);
        // a delayed deletion left at shutdown is finished by the close of its log, or by the next load
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    void execute(String what, Task task) {
        schedule(what, task, 0);
    }

    Future<?> schedule(String what, Task task, long delayMs) {
        try {
            return executor.schedule(() -> run(what, task), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Not scheduling {}: the engine is closing", what);
            return null;
        }
    }

    Future<?> scheduleEvery(String what, Task task, long periodMs) {
        try {
            return executor.scheduleWithFixedDelay(() -> run(what, task), periodMs, periodMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Not scheduling {}: the engine is closing", what);
            return null;
        }
    }

    private static void run(String what, Task task) {
        try {
            task.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Background task failed: {}", what, e);
        }
    }

    /** Lets running tasks finish and drops the ones waiting. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Background tasks still running after {} s", SHUTDOWN_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
