package dev.ferry.coordinator.runtime;

import dev.ferry.spi.time.Scheduler;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link CoordinatorTimer} over the broker's scheduler: a due timeout is handed to the shard's thread, where it
 * runs only if it is still the one scheduled under its key.
 */
final class ShardTimer<R> implements CoordinatorTimer<R> {

    private final Scheduler scheduler;
    private final Consumer<Supplier<CoordinatorResult<Void, R>>> runOnShard;
    private final Map<String, Scheduler.Timeout> timeouts = new HashMap<>();

    /** @param runOnShard runs a timeout's operation on the shard's thread, as a write */
    ShardTimer(Scheduler scheduler, Consumer<Supplier<CoordinatorResult<Void, R>>> runOnShard) {
        this.scheduler = scheduler;
        this.runOnShard = runOnShard;
    }

    @Override
    public void schedule(String key, long delayMs, Supplier<CoordinatorResult<Void, R>> operation) {
        cancel(key);
        Scheduler.Timeout[] self = new Scheduler.Timeout[1];
        Supplier<CoordinatorResult<Void, R>> current = () -> {
            if (timeouts.get(key) != self[0]) {
                return null;
            }
            timeouts.remove(key);
            return operation.get();
        };
        self[0] = scheduler.schedule(delayMs, () -> runOnShard.accept(current));
        timeouts.put(key, self[0]);
    }

    @Override
    public void cancel(String key) {
        Scheduler.Timeout timeout = timeouts.remove(key);
        if (timeout != null) {
            timeout.cancel();
        }
    }

    @Override
    public boolean isScheduled(String key) {
        return timeouts.containsKey(key);
    }

    void cancelAll() {
        timeouts.values().forEach(Scheduler.Timeout::cancel);
        timeouts.clear();
    }
}
