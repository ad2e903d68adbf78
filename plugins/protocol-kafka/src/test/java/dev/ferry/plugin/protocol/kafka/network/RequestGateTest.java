package dev.ferry.plugin.protocol.kafka.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestGateTest {

    private final RequestGate gate = new RequestGate(2);
    private final AtomicInteger wakes = new AtomicInteger();

    @Test
    void theGateClosesAtTheLimitAndWakesWaitersOnceWhenARequestIsAnswered() {
        // Given
        gate.requestRead();
        gate.requestRead();
        assertFalse(gate.isOpen());
        gate.awaitOpen(wakes::incrementAndGet);
        gate.awaitOpen(wakes::incrementAndGet);

        // When
        gate.requestsAnswered(1);
        gate.requestsAnswered(1);

        // Then
        assertTrue(gate.isOpen());
        assertEquals(2, wakes.get());
    }

    @Test
    void aWaiterArrivingAfterTheGateOpenedIsWokenAtOnce() {
        gate.awaitOpen(wakes::incrementAndGet);

        assertEquals(1, wakes.get());
    }
}
