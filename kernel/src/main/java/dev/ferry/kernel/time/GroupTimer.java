package dev.ferry.kernel.time;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The clock and timeouts of the group and transaction coordinators: their timer thread at run time, a hand-driven
 * clock in tests.
 */
public interface GroupTimer {

    long nowMs();

    Timeout schedule(long delayMs, Runnable task);

    interface Timeout {
        void cancel();
    }

    static GroupTimer on(ScheduledExecutorService executor) {
        return new GroupTimer() {
            @Override
            public long nowMs() {
                return System.currentTimeMillis();
            }

            @Override
            public Timeout schedule(long delayMs, Runnable task) {
                try {
                    ScheduledFuture<?> future = executor.schedule(task, delayMs, TimeUnit.MILLISECONDS);
                    return () -> future.cancel(false);
                } catch (RejectedExecutionException e) {
                    // the broker is stopping: its groups, and their timeouts, stop with it
                    return () -> { };
                }
            }
        };
    }
}
