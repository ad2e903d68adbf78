package dev.ferry.kernel.partition;

import dev.ferry.services.broker.FetchQuery;
import dev.ferry.services.broker.FetchedPartition;
import dev.ferry.spi.time.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** A fetch waiting for {@code minBytes} to arrive or for its {@code maxWaitMs} to pass. */
final class DelayedFetch {

    private final FetchQuery query;
    private final FetchReader reader;
    private final CompletableFuture<List<FetchedPartition>> result = new CompletableFuture<>();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Scheduler.Timeout timeout;

    DelayedFetch(FetchQuery query, FetchReader reader) {
        this.query = query;
        this.reader = reader;
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

    /** Answers if enough bytes arrived; returns whether this fetch is done. */
    boolean tryComplete() {
        if (completed.get()) {
            return true;
        }
        FetchReader.Pass pass = reader.read(query);
        if (pass.bytes() >= query.minBytes() || pass.anyError()) {
            return finish(pass);
        }
        return false;
    }

    /** Answers with whatever is there now: the wait is over. */
    void forceComplete() {
        if (!completed.get()) {
            finish(reader.read(query));
        }
    }

    boolean isDone() {
        return completed.get();
    }

    private boolean finish(FetchReader.Pass pass) {
        if (completed.compareAndSet(false, true)) {
            Scheduler.Timeout pending = timeout;
            if (pending != null) {
                pending.cancel();
            }
            result.complete(pass.partitions());
        }
        return true;
    }
}
