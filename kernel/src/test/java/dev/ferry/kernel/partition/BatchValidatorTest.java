package dev.ferry.kernel.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import dev.ferry.spi.storage.LogAppend;
import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {

    @Test
    void offsetsAreAssignedInPlaceWithoutBreakingTheCrc() {
        ByteBuffer buffer = batchOf(3);

        LogAppend append = BatchValidator.validate(buffer, 1 << 20).assignOffsets(100, 0);

        assertEquals(100, append.firstOffset());
        assertEquals(102, append.lastOffset());
        RecordBatch batch = MemoryRecords.readableRecords(append.records()).batches().iterator().next();
        batch.ensureValid();
        assertEquals(100, batch.baseOffset());
        assertEquals(102, batch.lastOffset());
    }

    @Test
    void aFlippedByteIsACorruptMessage() {
        ByteBuffer buffer = batchOf(3);
        buffer.put(buffer.limit() - 2, (byte) (buffer.get(buffer.limit() - 2) ^ 0x40));

        assertError(BrokerError.CORRUPT_MESSAGE, buffer, 1 << 20);
    }

    @Test
    void trailingBytesAreACorruptMessage() {
        ByteBuffer batch = batchOf(2);
        ByteBuffer withTail = ByteBuffer.allocate(batch.remaining() + 7).put(batch).put(new byte[7]).flip();

        assertError(BrokerError.CORRUPT_MESSAGE, withTail, 1 << 20);
    }

    @Test
    void aBatchOverTheTopicLimitIsTooLarge() {
        assertError(BrokerError.MESSAGE_TOO_LARGE, batchOf(10), 50);
    }

    @Test
    void anEmptyRequestIsACorruptMessage() {
        assertError(BrokerError.CORRUPT_MESSAGE, ByteBuffer.allocate(0), 1 << 20);
    }

    private static void assertError(BrokerError expected, ByteBuffer buffer, int maxBatchBytes) {
        BrokerException e = assertThrows(BrokerException.class, () -> BatchValidator.validate(buffer, maxBatchBytes));
        assertEquals(expected, e.error(), e.getMessage());
    }

    private static ByteBuffer batchOf(int records) {
        SimpleRecord[] simple = new SimpleRecord[records];
        for (int i = 0; i < records; i++) {
            simple[i] = new SimpleRecord(System.currentTimeMillis(), ("k" + i).getBytes(), ("v" + i).getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, simple).buffer();
    }
}
