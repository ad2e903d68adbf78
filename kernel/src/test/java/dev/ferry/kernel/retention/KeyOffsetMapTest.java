package dev.ferry.kernel.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyOffsetMapTest {

    @Test
    void remembersTheLatestOffsetOfEachKeyAcrossGrowth() {
        KeyOffsetMap map = new KeyOffsetMap(1 << 20);

        for (int i = 0; i < 20_000; i++) {
            assertTrue(map.put(key("k" + (i % 5_000)), i));
        }

        assertEquals(5_000, map.size());
        assertEquals(19_999, map.get(key("k4999")));
        assertEquals(15_000, map.get(key("k0")));
        assertEquals(-1, map.get(key("never")));
    }

    @Test
    void aFullMapRefusesNewKeysButStillUpdatesKnownOnes() {
        KeyOffsetMap map = new KeyOffsetMap(1024 * KeyOffsetMap.BYTES_PER_ENTRY);
        int taken = 0;
        while (map.put(key("k" + taken), taken)) {
            taken++;
        }

        assertEquals((int) (1024 * 0.9), taken);
        assertFalse(map.put(key("one-more"), 1));
        assertTrue(map.put(key("k0"), 99_999));
        assertEquals(99_999, map.get(key("k0")));
    }

    private static ByteBuffer key(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
