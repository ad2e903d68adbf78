package dev.ferry.spi.time;

/**
 * Runs tasks later, on the broker's background threads ({@code background.threads}), timed by the broker's
 * {@link Clock}. Tasks may do disk work but must not wait on other tasks or on the network; one that takes long
 * delays others due at the same time. A task that throws is logged and, if repeated, keeps its schedule.
 *
 * <p>Thread-safe. Once the broker stops, scheduling does nothing and returns a timeout already cancelled.
 */
public interface Scheduler {

    /** The clock the delays are measured on. */
    Clock clock();

    /**
     * Runs {@code task} once, {@code delayMs} from now.
     *
     * @param delayMs zero or more
     */
    Timeout schedule(long delayMs, Runnable task);

    /**
     * Runs {@code task} every {@code periodMs}, the first time {@code periodMs} from now; each run starts
     * {@code periodMs} after the previous one ended.
     *
     * @param periodMs one or more
     */
    Timeout scheduleRepeatedly(long periodMs, Runnable task);

    /** A scheduled task. */
    interface Timeout {

        /** Stops the task from running again; one already running finishes. Idempotent. */
        void cancel();
    }
}
