package dev.ferry.plugin.protocol.kafka.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseQueueTest {

    private final List<String> written = new ArrayList<>();
    private final ResponseQueue<String> queue = new ResponseQueue<>(written::add);

    @Test
    void responsesCompletedOutOfOrderAreReleasedInRequestOrder() {
        // Given
        ResponseQueue.Slot<String> first = queue.reserve();
        ResponseQueue.Slot<String> second = queue.reserve();
        ResponseQueue.Slot<String> third = queue.reserve();

        // When
        int releasedByThird = queue.complete(third, "3");
        int releasedBySecond = queue.complete(second, "2");
        int releasedByFirst = queue.complete(first, "1");

        // Then
        assertEquals(0, releasedByThird);
        assertEquals(0, releasedBySecond);
        assertEquals(3, releasedByFirst);
        assertEquals(List.of("1", "2", "3"), written);
        assertEquals(0, queue.size());
    }

    @Test
    void aRequestWithoutResponseIsPassedOverWithoutHoldingLaterOnes() {
        // Given
        ResponseQueue.Slot<String> produceAcksZero = queue.reserve();
        ResponseQueue.Slot<String> metadata = queue.reserve();
        queue.complete(metadata, "metadata");

        // When
        queue.complete(produceAcksZero, null);

        // Then
        assertEquals(List.of("metadata"), written);
        assertEquals(0, queue.size());
    }

    @Test
    void aCompletedHeadIsReleasedAtOnceWhileLaterSlotsWait() {
        // Given
        ResponseQueue.Slot<String> first = queue.reserve();
        ResponseQueue.Slot<String> second = queue.reserve();

        // When
        queue.complete(first, "1");

        // Then
        assertEquals(List.of("1"), written);
        assertEquals(1, queue.size());
        queue.complete(second, "2");
        assertEquals(List.of("1", "2"), written);
    }

    @Test
    void aSlotCannotBeCompletedTwice() {
        ResponseQueue.Slot<String> slot = queue.reserve();
        queue.complete(slot, "1");

        assertThrows(IllegalStateException.class, () -> queue.complete(slot, "again"));
    }
}
