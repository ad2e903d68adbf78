package dev.ferry.kernel.async;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The threads that many serial executors share: the partitions' storage threads, a coordinator's shards. A task
 * given from outside, such as an append from an event loop, wakes one of them, and that wake-up is most of what a
 * hand-off costs (on these 2-core virtual machines, 130 µs typical against 30 µs of append). A fork-join pool wakes the
 * thread that went idle last, where a fixed thread pool wakes the one idle longest: the e2 benchmark measured the
 * typical wake-up at half, broker CPU per record down a fifth (see docs/perf.md). In FIFO mode its tasks run in the
 * order given, as a thread pool's do; after {@link ExecutorService#shutdown} it refuses new ones.
 */
public final class SharedThreads {

    private SharedThreads() {
    }

    /** Daemon threads named {@code <prefix>-0}, {@code <prefix>-1}..., at most {@code threads} of them. */
    public static ExecutorService of(String prefix, int threads) {
        return new ForkJoinPool(threads, pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName(prefix + "-" + thread.getPoolIndex());
            thread.setDaemon(true);
            return thread;
        }, null, true);
    }
}
