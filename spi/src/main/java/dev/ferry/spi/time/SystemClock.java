package dev.ferry.spi.time;

/** {@link Clock#system()}. */
enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long milliseconds() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoseconds() {
        return System.nanoTime();
    }
}
