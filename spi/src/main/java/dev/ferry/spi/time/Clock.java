package dev.ferry.spi.time;

/**
 * The broker's clock. Every timestamp and deadline in the broker and its plugins comes from the one clock the broker
 * hands out (through {@link Scheduler#clock()}), so that tests can move time by hand.
 */
public interface Clock {

    /** Wall-clock time in milliseconds since the epoch: record timestamps, retention and expiry deadlines. */
    long milliseconds();

    /** A monotonic time in nanoseconds, for durations only; its origin is arbitrary. */
    long nanoseconds();

    /** The system's clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
