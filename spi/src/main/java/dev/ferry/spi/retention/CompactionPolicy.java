package dev.ferry.spi.retention;

/**
 * A cleanup policy that rewrites a log's closed segments, keeping only the records it chooses, each at its offset:
 * Kafka's {@code compact} (the latest record of each key) is built in; a plugin may add others, for example "keep
 * the latest three values of each key" or "drop records whose header says so". A topic names the policy in
 * {@code cleanup.policy}, alone or beside a {@link RetentionPolicy} ({@code compact,delete}).
 *
 * <p>The broker's log cleaner does the rest, as Kafka's does: it picks the dirtiest log
 * ({@code min.cleanable.dirty.ratio}, {@code min.compaction.lag.ms}, {@code max.compaction.lag.ms}), never touches
 * the active segment nor records past the last stable offset, removes the records of aborted transactions and keeps
 * transaction markers and the batches producers' state needs, keeps a tombstone's batch until
 * {@code delete.retention.ms} after its first cleaning, and has the storage engine swap the rewritten segments in.
 * A policy only decides about data records. For each cleaning of a log it gets one {@link Compaction}, which first
 * {@linkplain Compaction#observe observes} the dirty records (those written since the last cleaning), then decides
 * which record of the cleaned segments to {@linkplain Compaction#retain retain}.
 *
 * <p>Threading: the cleaner calls {@link #begin} and the compaction's methods from one of its threads
 * ({@code log.cleaner.threads}), one log at a time per thread; a policy shared by several threads keeps no state
 * outside the compactions it returns.
 */
public interface CompactionPolicy extends CleanupPolicy {

    /** Starts the cleaning of one log. */
    Compaction begin(CompactionContext context);
}
