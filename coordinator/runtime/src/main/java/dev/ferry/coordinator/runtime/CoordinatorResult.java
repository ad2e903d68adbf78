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
 * @param appendFuture completed by the runtime when the records are committed, or exceptionally when the append
 *        failed; a fresh future for operations that need none
 * @param replay whether the records are replayed into the shard once appended; false when the operation already
 *        changed the shard's state itself (which the runtime then rebuilds from the log if the append fails)
 * @param <T> the response
 * @param <R> the records
 */
public record CoordinatorResult<T, R>(List<R> records, T response, CompletableFuture<Void> appendFuture,
                                      boolean replay) {

    public CoordinatorResult {
        records = List.copyOf(records);
    }

    /** Records that carry the change, replayed into the shard once appended, then the response. */
    public static <T, R> CoordinatorResult<T, R> of(List<R> records, T response) {
        return new CoordinatorResult<>(records, response, new CompletableFuture<>(), true);
    }

    /** A response without records: a read, or a decision that changes nothing durable. */
    public static <T, R> CoordinatorResult<T, R> of(T response) {
        return of(List.of(), response);
    }

    /** Records of a change the operation already made to the shard, then the response. */
    public static <T, R> CoordinatorResult<T, R> applied(List<R> records, T response,
                                                         CompletableFuture<Void> appendFuture) {
        return new CoordinatorResult<>(records, response, appendFuture, false);
    }
}
