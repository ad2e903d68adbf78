package dev.ferry.coordinator.runtime;

import java.util.function.Supplier;

/**
 * A shard's timeouts, by key. A timeout runs on the shard's thread like any write operation, so it sees and changes
 * the shard's state without locks. Only the shard's own thread uses its timer.
 *
 * @param <R> the records a timeout may write
 */
public interface CoordinatorTimer<R> {

    /**
     * Runs {@code operation} {@code delayMs} from now, replacing a timeout scheduled under the same key. Its
     * records are appended as a write operation's are; its response is ignored.
     */
    void schedule(String key, long delayMs, Supplier<CoordinatorResult<Void, R>> operation);

    /** Cancels the timeout of that key; it will not run, even if it is already due. */
    void cancel(String key);

    boolean isScheduled(String key);
}
