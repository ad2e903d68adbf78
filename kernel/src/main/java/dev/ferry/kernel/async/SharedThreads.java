package dev.ferry.kernel.async;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

/**
 * The threads that many serial executors share: the partitions' storage threads, a coordinator's shards. A task
 * given from outside, such as an append from an event loop, wakes one of them, and that wake-up is most of what a
 * hand-off costs (on the 2-core virtual machines the benchmarks run on, 130 µs typical against 30 µs of append). A
 * fork-join pool wakes the thread that went idle last, where a fixed thread pool wakes the one idle longest: the e2
 * benchmark measured the typical wake-up at half, broker CPU per record down a fifth (see docs/perf.md). In FIFO mode
 * its tasks run in the order given, as a thread pool's do; after {@link ExecutorService#shutdown} it refuses new ones.
 */
public final class SharedThreads {

    private static final long IDLE_THREAD_KEEP_ALIVE_SECONDS = 60;

    private SharedThreads() {
    }

    /**
     * Daemon threads named {@code <prefix>-0}, {@code <prefix>-1}..., at most {@code threads} of them: a task that
     * waits (on a future, say) holds its thread, as in a thread pool, instead of the pool starting another.
     */
    public static ExecutorService of(String prefix, int threads) {
        return new ForkJoinPool(threads, pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName(prefix + "-" + thread.getPoolIndex());
            thread.setDaemon(true);
            return thread;
        }, null, true, threads, threads, 1, pool -> true, IDLE_THREAD_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }
}
