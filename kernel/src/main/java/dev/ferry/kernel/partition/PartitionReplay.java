package dev.ferry.kernel.partition;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/** Reads a partition's batches from its log start to its high watermark, at start, on the calling thread. */
public final class PartitionReplay {

    static final int READ_BYTES = 1 << 20;

    private PartitionReplay() {
    }

    public static void readAll(PartitionManager partitions, TopicPartition partition, Consumer<RecordBatch> batches)
            throws IOException {
        Partition served = partitions.partition(partition);
        PartitionLog log = served.log();
        read(log, log.logStartOffset(), served.highWatermark(), READ_BYTES, batch -> {
            batches.accept(batch);
            return true;
        });
    }

    /**
     * Reads a log's batches from the one holding {@code fromOffset} up to {@code endOffset}, in reads of about
     * {@code readBytes}, while {@code batches} asks for more.
     *
     * @return the offset after the last batch read
     */
    static long read(PartitionLog log, long fromOffset, long endOffset, int readBytes, Predicate<RecordBatch> batches)
            throws IOException {
        long next = fromOffset;
        while (next < endOffset) {
            LogSlice slice = log.read(next, readBytes, endOffset, true);
            if (slice.sizeInBytes() == 0) {
                return next;
            }
            long before = next;
            for (RecordBatch batch : MemoryRecords.readableRecords(copy(slice)).batches()) {
                next = batch.nextOffset();
                if (!batches.test(batch)) {
                    return next;
                }
            }
            if (next == before) {
                throw new IOException("Reading " + log.partition() + " at offset " + next
                        + " returned no whole batch");
            }
        }
        return next;
    }

    private static ByteBuffer copy(LogSlice slice) throws IOException {
        ByteBufferOutputStream out = new ByteBufferOutputStream(slice.sizeInBytes());
        WritableByteChannel channel = Channels.newChannel(out);
        long position = 0;
        while (position < slice.sizeInBytes()) {
            long written = slice.transferTo(channel, position, slice.sizeInBytes() - position);
            if (written <= 0) {
                throw new IOException("The log slice ended after " + position + " of " + slice.sizeInBytes()
                        + " bytes");
            }
            position += written;
        }
        return out.buffer().flip();
    }
}
