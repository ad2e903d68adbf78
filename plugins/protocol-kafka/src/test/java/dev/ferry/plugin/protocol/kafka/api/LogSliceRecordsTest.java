package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ferry.spi.storage.LogSlice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;

class LogSliceRecordsTest {

    @Test
    void aSliceWrittenInSmallPiecesBecomesTheSameRecords() throws IOException {
        // Given
        MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord("k1".getBytes(), "v1".getBytes()), new SimpleRecord("k2".getBytes(), "v2".getBytes()));
        LogSlice slice = new ChunkedSlice(batch.buffer(), 7);

        // When
        MemoryRecords copied = LogSliceRecords.copy(slice);

        // Then
        assertEquals(batch.buffer(), copied.buffer());
        List<String> values = new ArrayList<>();
        for (Record record : copied.records()) {
            values.add(new String(toArray(record.value())));
        }
        assertEquals(List.of("v1", "v2"), values);
    }

    @Test
    void anEmptySliceIsNoRecords() throws IOException {
        assertSame(MemoryRecords.EMPTY, LogSliceRecords.copy(LogSlice.EMPTY));
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** A slice over bytes in memory that hands out at most {@code chunk} bytes per call, like a busy socket. */
    private record ChunkedSlice(ByteBuffer bytes, int chunk) implements LogSlice {

        @Override
        public int sizeInBytes() {
            return bytes.remaining();
        }

        @Override
        public long transferTo(WritableByteChannel target, long position, long count) throws IOException {
            ByteBuffer part = bytes.duplicate();
            part.position(bytes.position() + (int) position);
            part.limit(part.position() + (int) Math.min(count, chunk));
            return target.write(part);
        }
    }
}
