package dev.ferry.coordinator.group.time;

import dev.ferry.coordinator.runtime.CoordinatorContext;
import dev.ferry.coordinator.runtime.CoordinatorResult;
import java.util.function.Supplier;

/** The clock and timeouts of the groups: their shard's at run time. */
public interface GroupTimer {

    long nowMs();

    Timeout schedule(long delayMs, Runnable task);

    interface Timeout {
        void cancel();
    }

    /**
     * The timer of a coordinator shard: timeouts run on the shard's thread, like its operations, on the broker's
     * clock, and write what {@code written} gives once each has run.
     */
    static <R> GroupTimer on(CoordinatorContext<R> shard, Supplier<CoordinatorResult<Void, R>> written) {
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
                    return written.get();
                });
                return () -> shard.timer().cancel(key);
            }
        };
    }
}
