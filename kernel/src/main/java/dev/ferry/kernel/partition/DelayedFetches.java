package dev.ferry.kernel.partition;

import dev.ferry.services.broker.FetchQuery;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.time.Scheduler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Fetches waiting for data, watched by partition. An append counts what it made readable for the fetches watching its
 * partition; a fetch that has enough, or whose wait is over, is answered on the broker's scheduler, so waiting holds no
 * network thread and answering holds no storage thread.
 */
final class DelayedFetches implements AutoCloseable {

    private final Scheduler scheduler;
    private final Function<TopicPartition, Partition> partitions;
    private final Set<DelayedFetch> waiting = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<TopicPartition, Set<DelayedFetch>> watchers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    DelayedFetches(Scheduler scheduler, Function<TopicPartition, Partition> partitions) {
        this.scheduler = scheduler;
        this.partitions = partitions;
    }

    void watch(DelayedFetch fetch) {
        if (closed) {
            fetch.complete();
            return;
        }
        waiting.add(fetch);
        for (FetchQuery.PartitionRead read : fetch.query().partitions()) {
            watchers.computeIfAbsent(read.partition(), partition -> ConcurrentHashMap.newKeySet()).add(fetch);
        }
        fetch.timeout(scheduler.schedule(fetch.query().maxWaitMs(), () -> finish(fetch)));
        // appends between the first read and the registration above would otherwise go unnoticed
        for (FetchQuery.PartitionRead read : fetch.query().partitions()) {
            Partition partition = partitions.apply(read.partition());
            if (partition != null && fetch.arrived(read.partition(),
                    partition.readableBytes(fetch.query().readCommitted()))) {
                answer(fetch);
                return;
            }
        }
    }

    /** Counts what an append to {@code partition} made readable, for the fetches watching it. */
    void onAppend(Partition partition) {
        Set<DelayedFetch> watching = watchers.get(partition.topicPartition());
        if (watching == null) {
            return;
        }
        for (DelayedFetch fetch : watching) {
            if (fetch.arrived(partition.topicPartition(), partition.readableBytes(fetch.query().readCommitted()))) {
                answer(fetch);
            }
        }
    }

    /** A partition went: the fetches watching it are answered, with the error their read now finds. */
    void onRemoved(TopicPartition partition) {
        Set<DelayedFetch> watching = watchers.get(partition);
        if (watching != null) {
            watching.forEach(this::answer);
        }
    }

    /** Answers every waiting fetch with what is there now, and each one watched from now on at once. */
    @Override
    public void close() {
        closed = true;
        for (DelayedFetch fetch : waiting) {
            fetch.complete();
        }
        waiting.clear();
        watchers.clear();
    }

    private void answer(DelayedFetch fetch) {
        scheduler.schedule(0, () -> finish(fetch));
    }

    private void finish(DelayedFetch fetch) {
        fetch.complete();
        waiting.remove(fetch);
        for (FetchQuery.PartitionRead read : fetch.query().partitions()) {
            watchers.computeIfPresent(read.partition(), (partition, set) -> {
                set.remove(fetch);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
