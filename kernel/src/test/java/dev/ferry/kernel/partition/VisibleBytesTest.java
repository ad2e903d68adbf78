package dev.ferry.kernel.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The bytes each isolation level can read, as appends arrive and the offsets bounding them move. */
class VisibleBytesTest {

    private final VisibleBytes visible = new VisibleBytes();

    @Test
    void appendsBecomeReadableWhenTheHighWatermarkPassesThem() {
        visible.appended(0, 100);
        visible.appended(1, 50);
        assertEquals(0, visible.readable(false), "not committed yet");

        visible.advance(1, 1);
        assertEquals(100, visible.readable(false));
        visible.advance(2, 2);

        assertEquals(150, visible.readable(false));
        assertEquals(150, visible.readable(true));
    }

    @Test
    void anOpenTransactionHoldsBackWhatReadCommittedCanRead() {
        visible.appended(0, 100);
        visible.appended(1, 70); // opens a transaction
        visible.appended(3, 30);
        visible.advance(4, 1);

        assertEquals(200, visible.readable(false));
        assertEquals(100, visible.readable(true));

        visible.appended(4, 20); // its commit marker
        visible.advance(5, 5);
        assertEquals(220, visible.readable(true));
    }
}
