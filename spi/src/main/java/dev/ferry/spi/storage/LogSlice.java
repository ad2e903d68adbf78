package dev.ferry.spi.storage;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * A range of a log's bytes, whole record batches, that can be written to a channel without passing through the
 * heap (a file-backed slice uses {@link java.nio.channels.FileChannel#transferTo}, which is sendfile for a socket).
 * A slice stays readable while its log is open, even as appends go on.
 */
public interface LogSlice {

    LogSlice EMPTY = new LogSlice() {
        @Override
        public int sizeInBytes() {
            return 0;
        }

        @Override
        public long transferTo(WritableByteChannel target, long position, long count) {
            return 0;
        }
    };

    int sizeInBytes();

    /**
     * Writes up to {@code count} bytes of the slice, starting at {@code position} within it, to {@code target}.
     *
     * @return how many bytes were written, which may be fewer than asked when the target is non-blocking
     */
    long transferTo(WritableByteChannel target, long position, long count) throws IOException;
}
