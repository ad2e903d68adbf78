package dev.ferry.kernel.cleaner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cleaner's I/O limit on a hand-moved clock: a thread over the rate sleeps until it is back at it. */
class ThrottlerTest {

    private long nowMs = 1_000_000;
    private final List<Long> sleeps = new ArrayList<>();

    @Test
    void sleepsOffTheBytesOverTheRate() throws Exception {
        // Given: 1000 bytes a second
        Throttler throttler = new Throttler(1000, () -> nowMs, this::sleep);

        // When: 3000 bytes in the first 500 ms
        throttler.acquire(1000);
        nowMs += 500;
        throttler.acquire(2000);

        // Then: they were due over 3 s, so the thread sleeps the 2.5 s left
        assertEquals(List.of(2500L), sleeps);
    }

    @Test
    void neverSleepsUnderTheRateNorWithoutALimit() throws Exception {
        Throttler limited = new Throttler(1000, () -> nowMs, this::sleep);
        Throttler unlimited = new Throttler(Double.MAX_VALUE, () -> nowMs, this::sleep);

        for (int i = 0; i < 10; i++) {
            limited.acquire(100);
            unlimited.acquire(1 << 30);
            nowMs += 200;
        }

        assertEquals(List.of(), sleeps);
    }

    private void sleep(long millis) {
        sleeps.add(millis);
        nowMs += millis;
    }
}
