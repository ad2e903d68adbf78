package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.spi.storage.LogSlice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * Turns a log slice into the records of a fetch response by copying it to the heap. The one place a fetch copies
 * record bytes; sending slices as Netty {@code FileRegion}s will replace it.
 */
final class LogSliceRecords {

    private LogSliceRecords() {
    }

    static MemoryRecords copy(LogSlice slice) throws IOException {
        int size = slice.sizeInBytes();
        if (size == 0) {
            return MemoryRecords.EMPTY;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        HeapChannel target = new HeapChannel(buffer);
        long position = 0;
        while (position < size) {
            long written = slice.transferTo(target, position, size - position);
            if (written <= 0) {
                throw new IOException("log slice ended after " + position + " of " + size + " bytes");
            }
            position += written;
        }
        return MemoryRecords.readableRecords(buffer.flip());
    }

    private static final class HeapChannel implements WritableByteChannel {
        private final ByteBuffer target;

        HeapChannel(ByteBuffer target) {
            this.target = target;
        }

        @Override
        public int write(ByteBuffer src) {
            int length = Math.min(src.remaining(), target.remaining());
            ByteBuffer part = src.slice();
            part.limit(length);
            target.put(part);
            src.position(src.position() + length);
            return length;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
