package dev.ferry.coordinator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.time.ManualScheduler;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class CoordinatorRuntimeTest {

    private static final TopicPartition PARTITION = new TopicPartition("__counters", 0);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final MemoryLog log = new MemoryLog();
    private final CoordinatorRuntime<CounterShard, String> runtime =
            new CoordinatorRuntime<>("counter coordinator", Runnable::run, scheduler, log, CounterShard::new);

    @Test
    void aLoadReplaysThePartitionsLogIntoANewShard() {
        log.add(PARTITION, "a");
        log.add(PARTITION, "a");
        log.add(PARTITION, "b");

        runtime.load(PARTITION).join();

        assertEquals(2, runtime.read(PARTITION, shard -> shard.count("a")).join());
        assertEquals(1, runtime.read(PARTITION, shard -> shard.count("b")).join());
    }

    @Test
    void aWriteAppendsItsRecordsAndReplaysThemBeforeTheNextOperation() {
        runtime.load(PARTITION).join();

        assertEquals(1, runtime.write(PARTITION, shard -> shard.increment("a")).join());
        assertEquals(2, runtime.write(PARTITION, shard -> shard.increment("a")).join());

        assertEquals(List.of("a", "a"), log.records(PARTITION));
        assertEquals(2, runtime.read(PARTITION, shard -> shard.count("a")).join());
    }

    @Test
    void aWriteAnswersOnlyOnceItsRecordsAreCommitted() {
        runtime.load(PARTITION).join();
        log.holdCommits();

        CompletableFuture<Integer> response = runtime.write(PARTITION, shard -> shard.increment("a"));

        assertFalse(response.isDone());
        log.commitAll();
        assertEquals(1, response.join());
    }

    @Test
    void operationsWhileTheShardLoadsAreToldToRetry() {
        Queue<Runnable> queued = new ArrayDeque<>();
        Executor heldThreads = queued::add;
        CoordinatorRuntime<CounterShard, String> slow = new CoordinatorRuntime<>("counter coordinator", heldThreads,
                scheduler, log, CounterShard::new);
        CompletableFuture<Void> loaded = slow.load(PARTITION);

        CompletableFuture<Integer> early = slow.write(PARTITION, shard -> shard.increment("a"));
        while (!queued.isEmpty()) {
            queued.poll().run();
        }

        assertEquals(BrokerError.COORDINATOR_LOAD_IN_PROGRESS, errorOf(early));
        assertTrue(loaded.isDone());
    }

    @Test
    void aPartitionNotLoadedOrUnloadedIsNotCoordinated() {
        assertEquals(BrokerError.NOT_COORDINATOR, errorOf(runtime.read(PARTITION, shard -> shard.count("a"))));
        runtime.load(PARTITION).join();
        CounterShard shard = runtime.read(PARTITION, s -> s).join();

        runtime.unload(PARTITION).join();

        assertTrue(shard.unloaded);
        assertEquals(BrokerError.NOT_COORDINATOR, errorOf(runtime.write(PARTITION, s -> s.increment("a"))));
    }

    @Test
    void aTimeoutRunsOnTheShardWhenDueAndWritesItsRecords() {
        runtime.load(PARTITION).join();
        runtime.write(PARTITION, shard -> {
            shard.context.timer().schedule("tick", 100, () -> CoordinatorResult.of(List.of("tick"), null));
            return CoordinatorResult.of(null);
        }).join();

        scheduler.advance(99);
        assertEquals(0, runtime.read(PARTITION, shard -> shard.count("tick")).join());
        scheduler.advance(1);

        assertEquals(1, runtime.read(PARTITION, shard -> shard.count("tick")).join());
        assertFalse(runtime.read(PARTITION, shard -> shard.context.timer().isScheduled("tick")).join());
    }

    @Test
    void aTimeoutRescheduledOrCancelledDoesNotRunOnItsOldSchedule() {
        runtime.load(PARTITION).join();
        runtime.write(PARTITION, shard -> {
            shard.context.timer().schedule("a", 100, () -> CoordinatorResult.of(List.of("a"), null));
            shard.context.timer().schedule("a", 300, () -> CoordinatorResult.of(List.of("late-a"), null));
            shard.context.timer().schedule("b", 100, () -> CoordinatorResult.of(List.of("b"), null));
            shard.context.timer().cancel("b");
            return CoordinatorResult.of(null);
        }).join();

        scheduler.advance(1_000);

        assertEquals(List.of("late-a"), log.records(PARTITION));
    }

    @Test
    void aFailedAppendFailsTheWriteAndRebuildsAShardTheOperationChanged() {
        runtime.load(PARTITION).join();
        runtime.write(PARTITION, shard -> shard.increment("a")).join();
        log.failAppends();

        CompletableFuture<Integer> failed = runtime.write(PARTITION, shard -> {
            shard.counts.put("a", 100);
            return new CoordinatorResult<>(List.of("a"), 100, new CompletableFuture<>(), true);
        });

        assertEquals(BrokerError.NOT_COORDINATOR, errorOf(failed), "a storage error sends the client elsewhere");
        assertEquals(1, runtime.read(PARTITION, shard -> shard.count("a")).join());
    }

    @Test
    void anOperationThatThrowsFailsAloneAndChangesNothing() {
        runtime.load(PARTITION).join();

        CompletableFuture<Integer> failed = runtime.write(PARTITION, shard -> {
            throw new BrokerException(BrokerError.INVALID_GROUP_ID, "no");
        });

        assertEquals(BrokerError.INVALID_GROUP_ID, errorOf(failed));
        assertEquals(1, runtime.write(PARTITION, shard -> shard.increment("a")).join());
    }

    private static BrokerError errorOf(CompletableFuture<?> future) {
        try {
            future.join();
            throw new AssertionError("expected a failure, got " + future.join());
        } catch (CompletionException e) {
            return ((BrokerException) e.getCause()).error();
        }
    }
}
