package dev.ferry.kernel.partition;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.FetchQuery;
import dev.ferry.spi.broker.FetchedPartition;
import dev.ferry.spi.broker.PartitionOffsets;
import dev.ferry.spi.storage.LogSlice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/** Reads a partition's batches from its log start to its high watermark, at start, on the calling thread. */
public final class PartitionReplay {

    private static final int READ_BYTES = 1 << 20;

    private PartitionReplay() {
    }

    public static void readAll(PartitionManager partitions, TopicPartition partition, Consumer<RecordBatch> batches)
            throws IOException {
        PartitionOffsets offsets = partitions.offsets(partition);
        long next = offsets.logStartOffset();
        while (next < offsets.highWatermark()) {
            FetchQuery query = new FetchQuery(List.of(new FetchQuery.PartitionRead(partition, next, READ_BYTES)),
                    0, READ_BYTES, 0, false);
            FetchedPartition fetched = partitions.fetch(query).join().get(0);
            if (fetched.error() != BrokerError.NONE) {
                throw new IOException("Reading " + partition + " at offset " + next + " failed: " + fetched.error());
            }
            long before = next;
            for (RecordBatch batch : MemoryRecords.readableRecords(copy(fetched.records())).batches()) {
                batches.accept(batch);
                next = batch.nextOffset();
            }
            if (next == before) {
                throw new IOException("Reading " + partition + " at offset " + next + " returned no whole batch");
            }
        }
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
