package dev.ferry.coordinator.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What an operation decided: the records to append to the partition's log, and the response to give once they are
 * committed. An operation never answers before its records are durable; work that must wait for them too (answering
 * other requests the operation settled) hangs off {@link #appendFuture}.
 *
 * @param records appended as one batch, in order; none for a decision that changes nothing durable
 * @param response completes the operation's future once the records are committed
 * <p>The runtime replays the records into the shard once appended. An operation may also change the shard in place
 * and write records that picture the change (the shard's replay then leaves them be).
 *
 * @param appendFuture completed by the runtime when the records are committed, or exceptionally when the append
 *        failed; a fresh future for operations that need none
 * @param changedInPlace whether the operation changed the shard itself: if the append then fails, the runtime
 *        rebuilds the shard from the log, which holds only what was appended
 * @param <T> the response
 * @param <R> the records
 */
public record CoordinatorResult<T, R>(List<R> records, T response, CompletableFuture<Void> appendFuture,
                                      boolean changedInPlace) {

    public CoordinatorResult {
        records = List.copyOf(records);
    }

    /** Records that carry the change, then the response. */
    public static <T, R> CoordinatorResult<T, R> of(List<R> records, T response) {
        return new CoordinatorResult<>(records, response, new CompletableFuture<>(), false);
    }

    /** A response without records: a read, or a decision that changes nothing durable. */
    public static <T, R> CoordinatorResult<T, R> of(T response) {
        return of(List.of(), response);
    }
}
