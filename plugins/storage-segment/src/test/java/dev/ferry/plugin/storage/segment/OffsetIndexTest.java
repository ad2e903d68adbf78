package dev.ferry.plugin.storage.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OffsetIndexTest {

    @Test
    void anEmptyIndexPointsAtTheStartOfTheSegment() {
        OffsetIndex index = new OffsetIndex();

        assertEquals(0, index.lookup(42));
    }

    @Test
    void entriesComeOnceAnIntervalOfBytesHasPassed() {
        // Given: batches of 1000 bytes holding 10 offsets each
        OffsetIndex index = new OffsetIndex();
        for (int i = 0; i < 10; i++) {
            index.onBatch(i * 10L, i * 1000, 1000);
        }

        // Then: only the batch at offset 50 starts 4096 or more bytes after the last entry (the segment start)
        assertEquals(1, index.entries());
        assertEquals(0, index.lookup(49));
        assertEquals(5000, index.lookup(50));
        assertEquals(5000, index.lookup(99));
    }
}
