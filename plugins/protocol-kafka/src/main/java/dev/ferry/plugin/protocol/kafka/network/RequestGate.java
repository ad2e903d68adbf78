package dev.ferry.plugin.protocol.kafka.network;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Broker-wide backpressure ({@code queued.max.requests}): counts the requests read and not yet answered on every
 * connection. While the count is at the limit connections stop reading, and they are woken once it falls below.
 * A connection that has already read a burst of frames serves them, so the count may pass the limit by what one
 * socket read holds; it never grows without bound. Safe on any event loop.
 */
final class RequestGate {

    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<Runnable> waiting = ConcurrentHashMap.newKeySet();

    RequestGate(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** Whether connections may read more requests now. */
    boolean isOpen() {
        return inFlight.get() < maxInFlight;
    }

    void requestRead() {
        inFlight.incrementAndGet();
    }

    void requestAnswered() {
        if (inFlight.decrementAndGet() < maxInFlight) {
            wakeWaiting();
        }
    }

    /** Runs {@code wake} once, when the gate is next open: at once if it opened meanwhile. */
    void awaitOpen(Runnable wake) {
        waiting.add(wake);
        if (isOpen()) {
            wakeWaiting();
        }
    }

    private void wakeWaiting() {
        for (Runnable wake : waiting) {
            if (waiting.remove(wake)) {
                wake.run();
            }
        }
    }
}
