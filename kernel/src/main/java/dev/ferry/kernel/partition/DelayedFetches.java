package dev.ferry.kernel.partition;

import dev.ferry.kernel.async.DaemonThreads;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.FetchQuery;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fetches waiting for data, watched by partition. An append wakes the fetches watching its partition and a timer
 * ends each wait; both run on one thread of their own, so waiting holds no network thread.
 */
final class DelayedFetches implements AutoCloseable {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("delayed-fetch"));
    private final Set<DelayedFetch> waiting = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<TopicPartition, Set<DelayedFetch>> watchers = new ConcurrentHashMap<>();

    void watch(DelayedFetch fetch) {
        waiting.add(fetch);
        for (FetchQuery.PartitionRead read : fetch.query().partitions()) {
            watchers.computeIfAbsent(read.partition(), partition -> ConcurrentHashMap.newKeySet()).add(fetch);
        }
        fetch.timeout(executor.schedule(() -> finish(fetch), fetch.query().maxWaitMs(), TimeUnit.MILLISECONDS));
        // an append between the first read and the registration above would otherwise go unnoticed
        executor.execute(() -> {
            if (fetch.tryComplete()) {
                forget(fetch);
            }
        });
    }

    void onAppend(TopicPartition partition) {
        Set<DelayedFetch> watching = watchers.get(partition);
        if (watching == null || watching.isEmpty()) {
            return;
        }
        executor.execute(() -> {
            for (DelayedFetch fetch : watching) {
                if (fetch.tryComplete()) {
                    forget(fetch);
                }
            }
        });
    }

    /** Answers every waiting fetch with what is there now. */
    @Override
    public void close() {
        executor.shutdownNow();
        for (DelayedFetch fetch : waiting) {
            fetch.forceComplete();
        }
        waiting.clear();
        watchers.clear();
    }

    private void finish(DelayedFetch fetch) {
        fetch.forceComplete();
        forget(fetch);
    }

    private void forget(DelayedFetch fetch) {
        waiting.remove(fetch);
        for (FetchQuery.PartitionRead read : fetch.query().partitions()) {
            watchers.computeIfPresent(read.partition(), (partition, set) -> {
                set.remove(fetch);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
