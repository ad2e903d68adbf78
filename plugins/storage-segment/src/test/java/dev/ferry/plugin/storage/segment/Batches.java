package dev.ferry.plugin.storage.segment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.storage.LogAppend;
import dev.ferry.spi.storage.LogSlice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;

/** Builds real v2 record batches with offsets assigned as the broker assigns them, and reads slices back. */
final class Batches {

    private Batches() {
    }

    /** A batch of {@code records} records whose values are {@code valueBytes} long, starting at {@code baseOffset}. */
    static ByteBuffer batch(long baseOffset, int records, int valueBytes) {
        return batch(baseOffset, records, valueBytes, 1_000L + baseOffset);
    }

    /** As {@link #batch(long, int, int)}, its records timestamped {@code firstTimestamp}, one ms apart. */
    static ByteBuffer batch(long baseOffset, int records, int valueBytes, long firstTimestamp) {
        SimpleRecord[] simpleRecords = new SimpleRecord[records];
        for (int i = 0; i < records; i++) {
            byte[] value = new byte[valueBytes];
            Arrays.fill(value, (byte) (baseOffset + i));
            simpleRecords[i] = new SimpleRecord(firstTimestamp + i,
                    ("key-" + (baseOffset + i)).getBytes(StandardCharsets.UTF_8), value);
        }
        return assignOffsets(MemoryRecords.withRecords(Compression.NONE, simpleRecords), baseOffset, records);
    }

    private static ByteBuffer assignOffsets(MemoryRecords memoryRecords, long baseOffset, int records) {
        // the broker assigns offsets and its leader epoch (0 for now) in place; both are outside the CRC
        MutableRecordBatch batch = memoryRecords.batches().iterator().next();
        batch.setLastOffset(baseOffset + records - 1);
        batch.setPartitionLeaderEpoch(0);
        return memoryRecords.buffer();
    }

    /**
     * A batch of one record per key, starting at {@code baseOffset}, as a compacted topic gets them: each value is
     * {@code value-<offset>}, and the records are timestamped {@code firstTimestamp}, one ms apart.
     */
    static ByteBuffer keyedBatch(long baseOffset, long firstTimestamp, String... keys) {
        SimpleRecord[] simpleRecords = new SimpleRecord[keys.length];
        for (int i = 0; i < keys.length; i++) {
            simpleRecords[i] = new SimpleRecord(firstTimestamp + i, keys[i].getBytes(StandardCharsets.UTF_8),
                    ("value-" + (baseOffset + i)).getBytes(StandardCharsets.UTF_8));
        }
        return assignOffsets(MemoryRecords.withRecords(Compression.NONE, simpleRecords), baseOffset, keys.length);
    }

    /** A batch of one record of a transaction of {@code producerId}, at {@code offset}. */
    static ByteBuffer transactionalBatch(long offset, long producerId, short epoch) {
        MemoryRecords records = MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, 0,
                new SimpleRecord(1_000L + offset, "key".getBytes(StandardCharsets.UTF_8),
                        "value".getBytes(StandardCharsets.UTF_8)));
        return assignOffsets(records, offset, 1);
    }

    /** The control batch of a marker that aborts the open transaction of {@code producerId}, at {@code offset}. */
    static ByteBuffer abortMarker(long offset, long producerId, short epoch) {
        return MemoryRecords.withEndTransactionMarker(offset, 1_000L + offset, 0, producerId, epoch,
                new EndTransactionMarker(ControlRecordType.ABORT, 0)).buffer();
    }

    /** One append of the given batches, with the metadata the broker would have learnt validating them. */
    static LogAppend appendOf(ByteBuffer... batches) {
        int size = Arrays.stream(batches).mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer records = ByteBuffer.allocate(size);
        for (ByteBuffer batch : batches) {
            records.put(batch.duplicate());
        }
        records.flip();
        List<RecordBatch> parsed = batchesOf(records);
        RecordBatch newest = parsed.stream()
                .reduce((a, b) -> b.maxTimestamp() >= a.maxTimestamp() ? b : a)
                .orElseThrow();
        return new LogAppend(records, parsed.get(0).baseOffset(), parsed.get(parsed.size() - 1).lastOffset(),
                newest.maxTimestamp(), newest.lastOffset());
    }

    static List<RecordBatch> batchesOf(ByteBuffer buffer) {
        List<RecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(buffer.duplicate()).batches().forEach(batches::add);
        return batches;
    }

    static List<RecordBatch> batchesOf(byte[] bytes) {
        return batchesOf(ByteBuffer.wrap(bytes));
    }

    static byte[] bytesOf(ByteBuffer... buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer buffer : buffers) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** Everything in the slice, transferred as the protocol layer would: in a loop until all is written. */
    static byte[] bytesOf(LogSlice slice) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel target = Channels.newChannel(out);
        long position = 0;
        while (position < slice.sizeInBytes()) {
            long written = slice.transferTo(target, position, slice.sizeInBytes() - position);
            assertTrue(written > 0, "transferTo made no progress at " + position + " of " + slice.sizeInBytes());
            position += written;
        }
        return out.toByteArray();
    }
}
