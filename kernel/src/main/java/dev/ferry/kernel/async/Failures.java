package dev.ferry.kernel.async;

import java.util.concurrent.CompletionException;

/** What went wrong in a chain of {@code CompletableFuture} stages. */
public final class Failures {

    private Failures() {
    }

    /** The failure itself: a later stage sees it wrapped in a {@link CompletionException}. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
