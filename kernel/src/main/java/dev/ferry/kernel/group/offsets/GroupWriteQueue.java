package dev.ferry.kernel.group.offsets;

import dev.ferry.kernel.async.Failures;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs each group's writes one after the other, whatever threads submit them, so that a group's records reach both
 * the log and the in-memory offsets in the same order. Writes of different groups run independently.
 */
final class GroupWriteQueue {

    /** The last write submitted for each group with a write still running. */
    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    /**
     * Starts {@code write} once every write submitted before it for the group has completed, successfully or not.
     *
     * @return completes as the future {@code write} returns completes
     */
    <T> CompletableFuture<T> submit(String groupId, Supplier<CompletableFuture<T>> write) {
        CompletableFuture<T> done = new CompletableFuture<>();
        CompletableFuture<?> previous = tails.put(groupId, done);
        done.whenComplete((result, error) -> tails.remove(groupId, done));
        if (previous == null) {
            start(write, done);
        } else {
            previous.whenComplete((result, error) -> start(write, done));
        }
        return done;
    }

    private static <T> void start(Supplier<CompletableFuture<T>> write, CompletableFuture<T> done) {
        try {
            write.get().whenComplete((result, error) -> {
                if (error == null) {
                    done.complete(result);
                } else {
                    done.completeExceptionally(Failures.cause(error));
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }
}
