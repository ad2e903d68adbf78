package dev.ferry.coordinator.group.time;

import java.util.Comparator;
import java.util.PriorityQueue;

/** A clock that moves only when a test says so, running the timeouts that fall due on the test's thread. */
public final class ManualTimer implements GroupTimer {

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparingLong(Task::dueMs).thenComparingLong(Task::sequence));
    private long nowMs = 1_000_000;
    private long sequence;

    @Override
    public long nowMs() {
        return nowMs;
    }

    @Override
    public Timeout schedule(long delayMs, Runnable task) {
        Task scheduled = new Task(nowMs + delayMs, sequence++, task);
        tasks.add(scheduled);
        return () -> tasks.remove(scheduled);
    }

    public void advance(long ms) {
        long target = nowMs + ms;
        while (!tasks.isEmpty() && tasks.peek().dueMs() <= target) {
            Task task = tasks.poll();
            nowMs = task.dueMs();
            task.action().run();
        }
        nowMs = target;
    }

    private record Task(long dueMs, long sequence, Runnable action) {
    }
}
