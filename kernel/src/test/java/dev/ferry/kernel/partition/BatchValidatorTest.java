package dev.ferry.kernel.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.LogAppend;
import java.nio.ByteBuffer;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final TopicPartition PARTITION = new TopicPartition("events", 0);

    @Test
    void offsetsAreAssignedInPlaceWithoutBreakingTheCrc() {
        ByteBuffer buffer = batchOf(3);

        LogAppend append = BatchValidator.validate(PARTITION, buffer, rules(1 << 20), NOW).assignOffsets(100, 0, -1);

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
    void logAppendTimeStampsTheBatchAndKeepsItsCrcValid() {
        ByteBuffer buffer = batchOf(3);

        LogAppend append = BatchValidator.validate(PARTITION, buffer,
                new AppendRules(1 << 20, true, Long.MAX_VALUE, 0, false), NOW)
                .assignOffsets(0, 0, NOW + 5);

        RecordBatch batch = MemoryRecords.readableRecords(append.records()).batches().iterator().next();
        batch.ensureValid();
        assertEquals(TimestampType.LOG_APPEND_TIME, batch.timestampType());
        assertEquals(NOW + 5, batch.maxTimestamp());
        assertEquals(NOW + 5, append.maxTimestamp());
    }

    @Test
    void createTimeOutsideTheTopicWindowIsAnInvalidTimestamp() {
        BrokerException tooNew = assertThrows(BrokerException.class, () -> BatchValidator.validate(PARTITION,
                batchOf(1), new AppendRules(1 << 20, false, Long.MAX_VALUE, 1000, false), NOW - 60_000));
        BrokerException tooOld = assertThrows(BrokerException.class, () -> BatchValidator.validate(PARTITION,
                batchOf(1), new AppendRules(1 << 20, false, 1000, Long.MAX_VALUE, false), NOW + 60_000));

        assertEquals(BrokerError.INVALID_TIMESTAMP, tooNew.error());
        assertEquals(BrokerError.INVALID_TIMESTAMP, tooOld.error());
    }

    @Test
    void aRecordWithoutKeyIsRefusedByACompactedTopicWithKafkasMessage() {
        ByteBuffer buffer = MemoryRecords.withRecords(Compression.gzip().build(),
                new SimpleRecord(NOW, "k".getBytes(), "v".getBytes()), new SimpleRecord(NOW, null, "v".getBytes()))
                .buffer();

        BrokerException e = assertThrows(BrokerException.class, () -> BatchValidator.validate(PARTITION, buffer,
                new AppendRules(1 << 20, false, Long.MAX_VALUE, 3_600_000, true), NOW));

        assertEquals(BrokerError.INVALID_RECORD, e.error());
        assertEquals("Compacted topic cannot accept message without key in topic partition events-0.", e.getMessage());
    }

    @Test
    void anEmptyRequestIsACorruptMessage() {
        assertError(BrokerError.CORRUPT_MESSAGE, ByteBuffer.allocate(0), 1 << 20);
    }

    private static void assertError(BrokerError expected, ByteBuffer buffer, int maxBatchBytes) {
        BrokerException e = assertThrows(BrokerException.class,
                () -> BatchValidator.validate(PARTITION, buffer, rules(maxBatchBytes), NOW));
        assertEquals(expected, e.error(), e.getMessage());
    }

    private static AppendRules rules(int maxBatchBytes) {
        return new AppendRules(maxBatchBytes, false, Long.MAX_VALUE, 3_600_000, false);
    }

    private static ByteBuffer batchOf(int records) {
        SimpleRecord[] simple = new SimpleRecord[records];
        for (int i = 0; i < records; i++) {
            simple[i] = new SimpleRecord(NOW, ("k" + i).getBytes(), ("v" + i).getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, simple).buffer();
    }
}
