package dev.ferry.plugin.protocol.kafka.network;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Releases a connection's responses in the order of its requests, whatever order they complete in. A slot is
 * reserved when a request arrives; completed slots at the head go to the sink, and a slot completed with
 * {@code null} (a request that gets no response) is simply passed over.
 *
 * <p>Not thread-safe: confine it to the connection's event loop.
 */
final class ResponseQueue<R> {

    private final Deque<Slot<R>> pending = new ArrayDeque<>();
    private final Consumer<R> sink;

    ResponseQueue(Consumer<R> sink) {
        this.sink = sink;
    }

    Slot<R> reserve() {
        Slot<R> slot = new Slot<>();
        pending.addLast(slot);
        return slot;
    }

    /**
     * Fills a slot and releases every completed slot at the head of the queue.
     *
     * @return how many responses went to the sink
     */
    int complete(Slot<R> slot, R response) {
        if (slot.done) {
            throw new IllegalStateException("response slot completed twice");
        }
        slot.done = true;
        slot.response = response;
        int released = 0;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            R next = pending.pollFirst().response;
            if (next != null) {
                sink.accept(next);
                released++;
            }
        }
        return released;
    }

    /** Requests whose responses have not gone to the sink yet. */
    int size() {
        return pending.size();
    }

    static final class Slot<R> {
        private boolean done;
        private R response;
    }
}
