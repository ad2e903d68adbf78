package dev.ferry.coordinator.runtime;

/**
 * The state machine of one partition of an internal topic. Its state changes only on the runtime's thread for the
 * partition: by {@link #replay}ing records, and by the operations the runtime runs on it.
 *
 * @param <R> the records of the partition's log
 */
public interface CoordinatorShard<R> {

    /**
     * Applies a record of the partition's log: while loading, every record in log order; afterwards, the records an
     * operation returns with {@link CoordinatorResult#replay()} set, once appended.
     *
     * @param producerId the transactional producer that wrote it, or -1
     */
    void replay(long offset, long producerId, R record);

    /** Applies a transaction marker of the partition's log: {@code producerId}'s transaction ended so. */
    void replayTransactionEnd(long producerId, boolean committed);

    /** The load replayed the whole log; operations follow. Schedule the shard's timers here. */
    default void onLoaded() {
    }

    /** The partition is no longer this broker's: answer whatever waits on the shard, which is then dropped. */
    default void onUnloaded() {
    }
}
