package dev.ferry.kernel.time;

import dev.ferry.coordinator.runtime.CoordinatorContext;
import dev.ferry.coordinator.runtime.CoordinatorResult;

/**
 * The clock and timeouts of the group and transaction coordinators: their shard's or timer thread's at run time, a
 * hand-driven clock in tests.
 */
public interface GroupTimer {

    long nowMs();

    Timeout schedule(long delayMs, Runnable task);

    interface Timeout {
        void cancel();
    }

    /**
     * The timer of a coordinator shard: timeouts run on the shard's thread, like its operations, on the broker's
     * clock.
     */
    static GroupTimer on(CoordinatorContext<?> shard) {
        return new GroupTimer() {
            private long nextKey;

            @Override
            public long nowMs() {
                return shard.clock().milliseconds();
            }

            @Override
            public Timeout schedule(long delayMs, Runnable task) {
                String key = "group timeout " + nextKey++;
                shard.timer().schedule(key, delayMs, () -> {
                    task.run();
                    return CoordinatorResult.of(null);
                });
                return () -> shard.timer().cancel(key);
            }
        };
    }
}
