package dev.ferry.distribution;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for what a broker and its clients do in the background: a condition polled until it holds. */
public final class Await {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Await() {
    }

    /** A condition that may need a client call to decide. */
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls the condition every 100 ms; fails with the message once {@link #TIMEOUT} has passed. */
    public static void until(Supplier<String> failure, Condition condition) throws Exception {
        until(TIMEOUT, failure, condition);
    }

    /** The same with a bound of its own, for what takes longer, such as a JVM of Kafka Connect starting. */
    public static void until(Duration timeout, Supplier<String> failure, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            Thread.sleep(100);
        }
    }
}
