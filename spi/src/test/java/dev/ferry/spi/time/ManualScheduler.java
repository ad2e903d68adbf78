package dev.ferry.spi.time;

import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on a clock that moves only when a test says so: {@link #advance} moves the clock and runs, on
 * the caller's thread and in the order they fall due, the tasks due by then, at their due time. Starts at a fixed
 * wall-clock time. Thread-safe, though tests normally drive it from one thread.
 */
public final class ManualScheduler implements Scheduler, Clock {

    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long nowMs = 1_700_000_000_000L;
    private long nanos;
    private long sequence;

    @Override
    public Clock clock() {
        return this;
    }

    @Override
    public synchronized long milliseconds() {
        return nowMs;
    }

    @Override
    public synchronized long nanoseconds() {
        return nanos;
    }

    @Override
    public Timeout schedule(long delayMs, Runnable task) {
        return add(delayMs, 0, task);
    }

    @Override
    public Timeout scheduleRepeatedly(long periodMs, Runnable task) {
        return add(periodMs, periodMs, task);
    }

    /** Moves the clock {@code ms} forward, running every task due by then. */
    public void advance(long ms) {
        long target;
        synchronized (this) {
            target = nowMs + ms;
        }
        Task due;
        while ((due = nextDueBy(target)) != null) {
            if (!due.cancelled) {
                due.task.run();
                due.reschedule();
            }
        }
        moveTo(target);
    }

    /** Runs the tasks due now, without moving the clock: a delay of zero. */
    public void runDue() {
        advance(0);
    }

    /** How many tasks are waiting, cancelled ones aside. */
    public synchronized int pending() {
        return (int) tasks.stream().filter(task -> !task.cancelled).count();
    }

    private synchronized Task add(long delayMs, long periodMs, Runnable runnable) {
        Task task = new Task(nowMs + delayMs, periodMs, sequence++, runnable);
        tasks.add(task);
        return task;
    }

    private synchronized Task nextDueBy(long target) {
        Task next = tasks.peek();
        if (next == null || next.dueMs > target) {
            return null;
        }
        tasks.poll();
        moveTo(Math.max(nowMs, next.dueMs));
        return next;
    }

    private synchronized void moveTo(long ms) {
        if (ms > nowMs) {
            nanos += (ms - nowMs) * 1_000_000;
            nowMs = ms;
        }
    }

    private final class Task implements Timeout, Comparable<Task> {
        private final long periodMs;
        private final Runnable task;
        private long dueMs;
        private long order;
        private volatile boolean cancelled;

        Task(long dueMs, long periodMs, long order, Runnable task) {
            this.dueMs = dueMs;
            this.periodMs = periodMs;
            this.order = order;
            this.task = task;
        }

        void reschedule() {
            if (periodMs > 0 && !cancelled) {
                synchronized (ManualScheduler.this) {
                    dueMs = nowMs + periodMs;
                    order = sequence++;
                    tasks.add(this);
                }
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(dueMs, other.dueMs);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
