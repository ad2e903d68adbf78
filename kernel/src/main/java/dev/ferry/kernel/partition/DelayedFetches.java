package dev.ferry.kernel.partition;

import dev.ferry.services.broker.FetchQuery;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.time.Scheduler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches waiting for data, watched by partition. An append wakes the fetches watching its partition and a timeout on
 * the broker's scheduler ends each wait; both run on the scheduler's threads, so waiting holds no network thread.
 */
final class DelayedFetches implements AutoCloseable {

    private final Scheduler scheduler;
    private final Set<DelayedFetch> waiting = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<TopicPartition, Set<DelayedFetch>> watchers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    DelayedFetches(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void watch(DelayedFetch fetch) {
        if (closed) {
            fetch.forceComplete();
            return;
        }
        waiting.add(fetch);
        for (FetchQuery.PartitionRead read : fetch.query().partitions()) {
            watchers.computeIfAbsent(read.partition(), partition -> ConcurrentHashMap.newKeySet()).add(fetch);
        }
        fetch.timeout(scheduler.schedule(fetch.query().maxWaitMs(), () -> finish(fetch)));
        // an append between the first read and the registration above would otherwise go unnoticed
        scheduler.schedule(0, () -> {
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
        scheduler.schedule(0, () -> {
            for (DelayedFetch fetch : watching) {
                if (fetch.tryComplete()) {
                    forget(fetch);
                }
            }
        });
    }

    /** Answers every waiting fetch with what is there now, and each one watched from now on at once. */
    @Override
    public void close() {
        closed = true;
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
