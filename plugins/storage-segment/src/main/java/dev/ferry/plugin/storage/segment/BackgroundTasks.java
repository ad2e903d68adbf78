package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.time.Clock;
import dev.ferry.spi.time.Scheduler;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's slow disk work, which must never run on a caller's thread (appends come from Netty event loops):
 * fsync after a roll or for {@code flush.messages} / {@code flush.ms}, checkpoint writes and the delayed deletion of
 * segments, run on the broker's {@link Scheduler}. A failing task is logged; the log goes on, and recovery covers the
 * rest.
 */
final class BackgroundTasks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);
    private static final long SHUTDOWN_WAIT_SECONDS = 30;

    /** Disk work that may fail. */
    @FunctionalInterface
    interface Task {
        void run() throws IOException;
    }

    private final Scheduler scheduler;
    /** The one-off tasks not run yet, for the close to run those due. */
    private final Set<OneOff> waiting = ConcurrentHashMap.newKeySet();
    /** Tasks run under the read lock, so that the close, under the write lock, waits for those running. */
    private final ReadWriteLock running = new ReentrantReadWriteLock();
    private volatile boolean closed;

    BackgroundTasks(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** The broker's clock, which every time the engine keeps comes from. */
    Clock clock() {
        return scheduler.clock();
    }

    void execute(String what, Task task) {
        schedule(what, task, 0);
    }

    void schedule(String what, Task task, long delayMs) {
        if (closed) {
            LOG.debug("Not scheduling {}: the engine is closing", what);
            return;
        }
        OneOff oneOff = new OneOff(what, task, clock().milliseconds() + delayMs);
        waiting.add(oneOff);
        scheduler.schedule(delayMs, () -> whileOpen(() -> {
            if (waiting.remove(oneOff)) {
                oneOff.run();
            }
        }));
    }

    Scheduler.Timeout scheduleEvery(String what, Task task, long periodMs) {
        return scheduler.scheduleRepeatedly(periodMs, () -> whileOpen(() -> run(what, task)));
    }

    private void whileOpen(Runnable run) {
        Lock lock = running.readLock();
        lock.lock();
        try {
            if (!closed) {
                run.run();
            }
        } finally {
            lock.unlock();
        }
    }

    private static void run(String what, Task task) {
        try {
            task.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Background task failed: {}", what, e);
        }
    }

    /**
     * Waits for the running tasks, runs those due by now, and drops the others: a delayed deletion left is finished
     * by the close of its log, or by the next load. Tasks scheduled from now on never run.
     */
    @Override
    public void close() {
        Lock lock = running.writeLock();
        try {
            if (!lock.tryLock(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                closed = true;
                LOG.warn("Background tasks still running after {} s", SHUTDOWN_WAIT_SECONDS);
                return;
            }
        } catch (InterruptedException e) {
            closed = true;
            Thread.currentThread().interrupt();
            return;
        }
        try {
            closed = true;
            long nowMs = clock().milliseconds();
            for (OneOff oneOff : waiting) {
                if (oneOff.dueMs <= nowMs && waiting.remove(oneOff)) {
                    oneOff.run();
                }
            }
            waiting.clear();
        } finally {
            lock.unlock();
        }
    }

    /** A task run once, by the scheduler or by the close, whichever takes it out of {@link #waiting} first. */
    private static final class OneOff {
        private final String what;
        private final Task task;
        private final long dueMs;

        OneOff(String what, Task task, long dueMs) {
            this.what = what;
            this.task = task;
            this.dueMs = dueMs;
        }

        void run() {
            BackgroundTasks.run(what, task);
        }
    }
}
