package dev.ferry.benchmarks.storage;

import dev.ferry.spi.storage.LogAppend;
import java.nio.ByteBuffer;
import java.util.Iterator;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.SimpleRecord;

/**
 * Record batches as a producer sends them (kafka-clients' {@link MemoryRecords}, magic 2, no compression), and
 * their offsets assigned in place the way the kernel does it before calling the storage engine.
 */
final class Batches {

    static final int RECORD_VALUE_BYTES = 100;

    private Batches() {
    }

    /** One batch of 100-byte records, as many as fit in about {@code batchBytes}. */
    static ByteBuffer batchOf(int batchBytes) {
        int records = Math.max(1, batchBytes / (RECORD_VALUE_BYTES + 20));
        SimpleRecord[] simple = new SimpleRecord[records];
        long timestamp = System.currentTimeMillis();
        for (int i = 0; i < records; i++) {
            byte[] value = new byte[RECORD_VALUE_BYTES];
            for (int b = 0; b < value.length; b++) {
                value[b] = (byte) ('A' + (i + b) % 26);
            }
            simple[i] = new SimpleRecord(timestamp, ("key-" + i).getBytes(), value);
        }
        return MemoryRecords.withRecords(Compression.NONE, simple).buffer();
    }

    /**
     * A fresh copy of {@code template} (a produce request gives the kernel a fresh buffer each time) with its base
     * offset set to {@code firstOffset}: only the batch header changes, which the CRC does not cover.
     */
    static LogAppend append(ByteBuffer template, long firstOffset) {
        ByteBuffer buffer = ByteBuffer.allocate(template.remaining()).put(template.duplicate()).flip();
        Iterator<MutableRecordBatch> batches = MemoryRecords.readableRecords(buffer).batches().iterator();
        MutableRecordBatch batch = batches.next();
        long lastOffset = firstOffset + (batch.lastOffset() - batch.baseOffset());
        batch.setLastOffset(lastOffset);
        batch.setPartitionLeaderEpoch(0);
        return new LogAppend(buffer, firstOffset, lastOffset, batch.maxTimestamp(), lastOffset);
    }
}
