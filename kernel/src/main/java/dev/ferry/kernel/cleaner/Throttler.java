package dev.ferry.kernel.cleaner;

import java.util.function.LongSupplier;

/**
 * Holds the cleaner's threads to {@code log.cleaner.io.max.bytes.per.second}, as Kafka's throttler does: bytes are
 * counted over short periods, and a thread that finds the rate exceeded sleeps until it is back at the limit.
 * Shared by the cleaner threads.
 */
final class Throttler {

    /** Sleeps; a test passes one that moves its clock instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private static final long CHECK_INTERVAL_MS = 300;

    private final double bytesPerSecond;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long periodStartMs;
    private long bytesInPeriod;

    Throttler(double bytesPerSecond, LongSupplier clock, Sleeper sleeper) {
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
        this.periodStartMs = clock.getAsLong();
    }

    /** Counts bytes read or written, sleeping first when they take the rate over the limit. */
    void acquire(long bytes) throws InterruptedException {
        if (bytesPerSecond >= Double.MAX_VALUE) {
            return;
        }
        long sleepMs;
        synchronized (this) {
            bytesInPeriod += bytes;
            long elapsedMs = clock.getAsLong() - periodStartMs;
            if (elapsedMs < CHECK_INTERVAL_MS) {
                return;
            }
            long allowedMs = (long) (bytesInPeriod * 1000 / bytesPerSecond);
            sleepMs = allowedMs - elapsedMs;
            periodStartMs = clock.getAsLong() + Math.max(0, sleepMs);
            bytesInPeriod = 0;
        }
        if (sleepMs > 0) {
            sleeper.sleep(sleepMs);
        }
    }
}
