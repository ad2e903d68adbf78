package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.storage.LogSlice;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Whole batches of a segment file, sent with {@link FileChannel#transferTo} (sendfile to a socket).
 *
 * <p>The slice borrows the segment's channel: it never closes it, and it stays readable while the log is open
 * because a segment only grows past the slice's end.
 */
final class FileLogSlice implements LogSlice {

    private final FileChannel channel;
    private final long start;
    private final int size;

    FileLogSlice(FileChannel channel, long start, int size) {
        if (start < 0 || size <= 0) {
            throw new IllegalArgumentException("a slice needs a start >= 0 and a size > 0: " + start + ", " + size);
        }
        this.channel = channel;
        this.start = start;
        this.size = size;
    }

    @Override
    public int sizeInBytes() {
        return size;
    }

    @Override
    public long transferTo(WritableByteChannel target, long position, long count) throws IOException {
        if (position < 0 || position > size || count < 0) {
            throw new IndexOutOfBoundsException(
                    "position " + position + " and count " + count + " are outside a slice of " + size + " bytes");
        }
        long bytes = Math.min(count, size - position);
        if (bytes == 0) {
            return 0;
        }
        return channel.transferTo(start + position, bytes, target);
    }

    @Override
    public String toString() {
        return "FileLogSlice(start=" + start + ", size=" + size + ")";
    }
}
