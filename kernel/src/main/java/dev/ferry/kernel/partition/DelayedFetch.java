package dev.ferry.kernel.partition;

import dev.ferry.services.broker.FetchQuery;
import dev.ferry.services.broker.FetchedPartition;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.time.Scheduler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fetch waiting for {@code minBytes} to arrive or for its {@code maxWaitMs} to pass. It counts the readable bytes its
 * partitions gain rather than reading them; only its answer reads the log.
 */
final class DelayedFetch {

    private final FetchQuery query;
    private final FetchReader reader;
    private final CompletableFuture<List<FetchedPartition>> result = new CompletableFuture<>();
    private final AtomicBoolean completed = new AtomicBoolean();
    /** Each partition's readable bytes ({@link Partition#readableBytes}) as this fetch last saw them. */
    private final Map<TopicPartition, Long> seen;
    private long bytes;
    private boolean enough;
    private volatile Scheduler.Timeout timeout;

    /**
     * @param readableBefore each partition's readable bytes taken before the first read, in the query's order (-1 for
     *     a partition not hosted here), so that nothing appended since then goes unnoticed
     * @param bytesRead what the first read found
     */
    DelayedFetch(FetchQuery query, FetchReader reader, long[] readableBefore, int bytesRead) {
        this.query = query;
        this.reader = reader;
        this.seen = new HashMap<>();
        for (int i = 0; i < readableBefore.length; i++) {
            if (readableBefore[i] >= 0) {
                seen.put(query.partitions().get(i).partition(), readableBefore[i]);
            }
        }
        this.bytes = bytesRead;
    }

    FetchQuery query() {
        return query;
    }

    CompletableFuture<List<FetchedPartition>> result() {
        return result;
    }

    void timeout(Scheduler.Timeout timeout) {
        this.timeout = timeout;
    }

    /**
     * A partition this fetch reads has {@code readable} bytes now: returns true, once, when enough have arrived for
     * the fetch to be answered. Bytes appended between the first read and the count it started from are counted
     * twice, so the answer may come early and carry less than {@code minBytes}, never late.
     */
    synchronized boolean arrived(TopicPartition partition, long readable) {
        Long before = seen.get(partition);
        if (enough || before == null || readable <= before) {
            return false;
        }
        seen.put(partition, readable);
        bytes += readable - before;
        enough = bytes >= query.minBytes();
        return enough;
    }

    /** Answers with whatever is there now. */
    void complete() {
        if (completed.compareAndSet(false, true)) {
            Scheduler.Timeout pending = timeout;
            if (pending != null) {
                pending.cancel();
            }
            result.complete(reader.read(query).partitions());
        }
    }
}
