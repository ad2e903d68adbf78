package dev.ferry.plugin.protocol.kafka.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The answers of a request that asks about several things at once (groups, for instance), each answered by a future
 * of its own, gathered back in the request's order whatever order they complete in.
 */
final class InOrder {

    private InOrder() {
    }

    /**
     * Completes once every answer has: with their results in the order given, or exceptionally when one of them
     * failed. Callers that answer each part on its own turn a part's failure into its answer first.
     */
    static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> answers) {
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(done -> answers.stream().map(CompletableFuture::join).toList());
    }
}
