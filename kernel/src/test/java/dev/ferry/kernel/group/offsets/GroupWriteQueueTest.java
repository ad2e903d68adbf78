package dev.ferry.kernel.group.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class GroupWriteQueueTest {

    private final GroupWriteQueue queue = new GroupWriteQueue();
    private final List<String> started = new ArrayList<>();

    @Test
    void aGroupsWriteStartsOnlyOnceItsEarlierWriteCompleted() {
        // Given
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> firstDone = queue.submit("billing", () -> start("first", first));

        // When
        CompletableFuture<String> secondDone = queue.submit("billing",
                () -> start("second", CompletableFuture.completedFuture("second")));

        // Then
        assertEquals(List.of("first"), started);
        first.complete("first");
        assertEquals(List.of("first", "second"), started);
        assertEquals("first", firstDone.join());
        assertEquals("second", secondDone.join());
    }

    @Test
    void aFailedWriteFailsItsOwnFutureWithItsCauseAndLetsTheNextRun() {
        // Given
        IllegalStateException failure = new IllegalStateException("disk full");
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> firstDone = queue.submit("billing",
                () -> start("first", first.thenApply(value -> value)));
        CompletableFuture<String> secondDone = queue.submit("billing",
                () -> start("second", CompletableFuture.completedFuture("second")));

        // When
        first.completeExceptionally(failure);

        // Then
        ExecutionException thrown = assertThrows(ExecutionException.class, firstDone::get);
        assertSame(failure, thrown.getCause());
        assertEquals("second", secondDone.join());
    }

    @Test
    void aWriteThatThrowsFailsItsFuture() {
        CompletableFuture<String> done = queue.submit("billing", () -> {
            throw new IllegalArgumentException("bad record");
        });

        assertTrue(done.isCompletedExceptionally());
        assertEquals("second", queue.submit("billing", () -> CompletableFuture.completedFuture("second")).join());
    }

    @Test
    void groupsDoNotWaitForEachOther() {
        CompletableFuture<String> billing = new CompletableFuture<>();
        queue.submit("billing", () -> start("billing", billing));

        CompletableFuture<String> shippingDone = queue.submit("shipping",
                () -> start("shipping", CompletableFuture.completedFuture("shipping")));

        assertEquals(List.of("billing", "shipping"), started);
        assertEquals("shipping", shippingDone.join());
        assertFalse(billing.isDone());
    }

    private CompletableFuture<String> start(String name, CompletableFuture<String> result) {
        started.add(name);
        return result;
    }
}
