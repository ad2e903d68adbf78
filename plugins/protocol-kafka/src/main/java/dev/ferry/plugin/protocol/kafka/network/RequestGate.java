package dev.ferry.plugin.protocol.kafka.network;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Broker-wide backpressure ({@code queued.max.requests}): counts the requests read and not yet answered on
 * every connection (but those that wait by design, see {@link #counts}). While the count is at the limit
 * connections stop reading, and they are woken once it falls below. A connection that has already read a burst of
 * frames serves them, so the count may pass the limit by what one socket read holds; it never grows without
 * bound. Safe on any event loop.
 */
final class RequestGate {

    private static final Set<ApiKeys> WAITING_BY_DESIGN = EnumSet.of(ApiKeys.FETCH, ApiKeys.JOIN_GROUP,
            ApiKeys.SYNC_GROUP);

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

    /** Also called for the requests of a closed connection, whose answers nobody waits for any more. */
    void requestsAnswered(int count) {
        if (count > 0 && inFlight.addAndGet(-count) < maxInFlight) {
            wakeWaiting();
        }
    }

    /**
     * Whether requests of this API count. Those that wait by design are left out: a long-polling Fetch, and
     * JoinGroup and SyncGroup waiting for the group's members. They hold no work, and counting them would let idle
     * consumers, or a client asking to wait for days, close the gate for everyone; Kafka's queue does not hold
     * them either (they wait in its purgatory, not for a handler thread).
     */
    static boolean counts(ApiKeys apiKey) {
        return !WAITING_BY_DESIGN.contains(apiKey);
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
