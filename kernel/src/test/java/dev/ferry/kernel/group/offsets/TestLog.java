package dev.ferry.kernel.group.offsets;

import java.nio.ByteBuffer;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;

/** Builds the contents of a partition of the offsets topic for replay tests. */
final class TestLog {

    private TestLog() {
    }

    /** Batches laid one after the other with their offsets assigned, as the log holds them. */
    static MemoryRecords of(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer batch : batches) {
            size += batch.remaining();
        }
        ByteBuffer log = ByteBuffer.allocate(size);
        long nextOffset = 0;
        for (ByteBuffer batch : batches) {
            for (MutableRecordBatch written : MemoryRecords.readableRecords(batch.duplicate()).batches()) {
                written.setLastOffset(nextOffset + written.lastOffset() - written.baseOffset());
                nextOffset = written.nextOffset();
            }
            log.put(batch.duplicate());
        }
        return MemoryRecords.readableRecords(log.flip());
    }
}
