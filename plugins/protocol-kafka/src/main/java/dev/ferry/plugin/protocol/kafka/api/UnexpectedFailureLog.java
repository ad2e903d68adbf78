package dev.ferry.plugin.protocol.kafka.api;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs the failures that are bugs of the broker rather than faults of the client, without letting a client that
 * triggers one in a loop flood the log: the first failure of each exception type is logged with its stack trace;
 * later ones get at most {@value #LINES_PER_SECOND} lines a second, without the stack trace, each line counting the
 * failures left out before it. Thread-safe.
 */
final class UnexpectedFailureLog {

    static final int LINES_PER_SECOND = 5;
    /** Exception types remembered; past them every failure is a repeat, so the memory stays bounded. */
    static final int MAX_TYPES = 1000;
    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Where lines go: a logger at ERROR, with the stack trace of {@code failure} when it is not null. */
    interface Sink {
        void error(String line, Throwable failure);
    }

    private final Sink sink;
    private final LongSupplier nanoTime;
    private final Set<Class<?>> typesSeen = new HashSet<>();
    private long secondStartedAt;
    private int linesThisSecond;
    private long leftOut;

    UnexpectedFailureLog(Sink sink, LongSupplier nanoTime) {
        this.sink = sink;
        this.nanoTime = nanoTime;
        this.secondStartedAt = nanoTime.getAsLong() - SECOND_NANOS;
    }

    /** Logs to an SLF4J logger at ERROR. */
    static UnexpectedFailureLog to(Logger log) {
        return new UnexpectedFailureLog((line, failure) -> {
            if (failure == null) {
                log.error(line);
            } else {
                log.error(line, failure);
            }
        }, System::nanoTime);
    }

    void failed(String what, Throwable failure) {
        boolean firstOfItsType;
        long leftOutBefore;
        synchronized (this) {
            firstOfItsType = typesSeen.size() < MAX_TYPES && typesSeen.add(failure.getClass());
            long now = nanoTime.getAsLong();
            if (now - secondStartedAt >= SECOND_NANOS) {
                secondStartedAt = now;
                linesThisSecond = 0;
            }
            if (!firstOfItsType && linesThisSecond >= LINES_PER_SECOND) {
                leftOut++;
                return;
            }
            linesThisSecond++;
            leftOutBefore = leftOut;
            leftOut = 0;
        }
        String line = leftOutBefore == 0 ? what
                : what + " (" + leftOutBefore + " unexpected failures not logged since the line before)";
        if (firstOfItsType) {
            sink.error(line, failure);
        } else {
            sink.error(line + ": " + failure, null);
        }
    }
}
