package dev.ferry.plugin.protocol.kafka.records;

import dev.ferry.spi.storage.LogSlice;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A log slice over a range of a real file, as the storage engine makes them, that remembers which channels it
 * was written to.
 */
public final class FileSlice implements LogSlice {

    private final FileChannel file;
    private final long start;
    private final int size;
    private final List<WritableByteChannel> targets = new ArrayList<>();

    public FileSlice(FileChannel file, long start, int size) {
        this.file = file;
        this.start = start;
        this.size = size;
    }

    @Override
    public int sizeInBytes() {
        return size;
    }

    @Override
    public long transferTo(WritableByteChannel target, long position, long count) throws IOException {
        targets.add(target);
        return file.transferTo(start + position, Math.min(count, size - position), target);
    }

    /** Every channel the slice was written to, in order. */
    public List<WritableByteChannel> targets() {
        return targets;
    }
}
