package dev.ferry.kernel.time;

import dev.ferry.kernel.async.DaemonThreads;
import dev.ferry.spi.time.Clock;
import dev.ferry.spi.time.Scheduler;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's {@link Scheduler} on the system clock: {@code background.threads} daemon threads, as Kafka's
 * background scheduler. A task that throws is logged and does not stop a repeated one.
 */
public final class BackgroundScheduler implements Scheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundScheduler.class);
    private static final Timeout NOT_SCHEDULED = () -> { };

    private final ScheduledThreadPoolExecutor executor;

    public BackgroundScheduler(int threads) {
        executor = new ScheduledThreadPoolExecutor(threads, DaemonThreads.numbered("ferry-background"));
        // timeouts rescheduled on every heartbeat are cancelled far more often than they run
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Clock clock() {
        return Clock.system();
    }

    @Override
    public Timeout schedule(long delayMs, Runnable task) {
        return submit(() -> executor.schedule(logged(task), delayMs, TimeUnit.MILLISECONDS));
    }

    @Override
    public Timeout scheduleRepeatedly(long periodMs, Runnable task) {
        return submit(() -> executor.scheduleWithFixedDelay(logged(task), periodMs, periodMs, TimeUnit.MILLISECONDS));
    }

    private static Timeout submit(Supplier<ScheduledFuture<?>> scheduling) {
        try {
            ScheduledFuture<?> future = scheduling.get();
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            // the broker is stopping: what would have run later stops with it
            return NOT_SCHEDULED;
        }
    }

    private static Runnable logged(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("A background task failed", e);
            }
        };
    }

    /** Stops at once: tasks not yet started never run; those running finish on their own. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
