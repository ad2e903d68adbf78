package dev.ferry.kernel.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedThreadsTest {

    private final ExecutorService threads = SharedThreads.of("test-shared", 2);

    @AfterEach
    void shutDown() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void runsTasksOnNamedDaemonThreads() throws Exception {
        Thread thread = CompletableFuture.supplyAsync(Thread::currentThread, threads).get(10, TimeUnit.SECONDS);

        assertTrue(thread.getName().matches("test-shared-[01]"), thread.getName());
        assertTrue(thread.isDaemon());
    }

    @Test
    void runsTasksGivenFromOutsideInTheOrderGiven() throws Exception {
        // one thread busy until all are given, so that the others queue behind it
        CountDownLatch given = new CountDownLatch(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        ExecutorService one = SharedThreads.of("test-one", 1);
        try {
            one.execute(() -> awaitQuietly(given));
            for (int i = 0; i < 100; i++) {
                int task = i;
                one.execute(() -> order.add(task));
            }
            given.countDown();
            CompletableFuture.runAsync(() -> { }, one).get(10, TimeUnit.SECONDS);
        } finally {
            one.shutdown();
        }

        assertEquals(IntStream.range(0, 100).boxed().toList(), order);
    }

    @Test
    void startsNoMoreThreadsThanAskedWhileTasksWait() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        Set<Thread> waiting = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(CompletableFuture.runAsync(() -> {
                waiting.add(Thread.currentThread());
                release.join();
            }, threads));
        }
        // a pool that makes up for a waiting task starts another thread before the task parks
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiting.size() < 2 || !waiting.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING)) {
            assertTrue(System.nanoTime() < deadline, "two tasks should be waiting on their threads");
            Thread.onSpinWait();
        }

        assertEquals(2, ((ForkJoinPool) threads).getPoolSize());
        assertEquals(2, waiting.size());
        release.complete(null);
        CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void refusesTasksOnceShutDown() {
        threads.shutdown();

        assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> { }));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
