package dev.ferry.coordinator.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A shard of named counters: each record "name" adds one to a counter. */
final class CounterShard implements CoordinatorShard<String> {

    final Map<String, Integer> counts = new HashMap<>();
    final CoordinatorContext<String> context;
    boolean unloaded;

    CounterShard(CoordinatorContext<String> context) {
        this.context = context;
    }

    @Override
    public void replay(long offset, long producerId, String record) {
        counts.merge(record, 1, Integer::sum);
    }

    @Override
    public void replayTransactionEnd(long producerId, boolean committed) {
    }

    @Override
    public void onUnloaded() {
        unloaded = true;
    }

    int count(String name) {
        return counts.getOrDefault(name, 0);
    }

    CoordinatorResult<Integer, String> increment(String name) {
        return CoordinatorResult.of(List.of(name), count(name) + 1);
    }
}
