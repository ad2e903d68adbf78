package dev.ferry.spi.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Decides, during a {@link PartitionLog#rewrite}, what is kept of a log's batches. The broker's log cleaner provides
 * it; a storage engine only calls it.
 */
@FunctionalInterface
public interface BatchFilter {

    /**
     * Filters the next batches of the log, in offset order: each call continues where the previous one ended.
     *
     * @param batches whole record batches in Kafka's v2 format, from position to limit, all from one segment; the
     *     filter does not change them and does not keep the buffer after it returns
     * @return the batches to keep, whole, from position to limit: each keeps its offsets, and a batch may come back
     *     with fewer records (its offset range and producer fields unchanged); possibly none
     * @throws IOException to give the whole rewrite up, leaving the log as it was
     */
    ByteBuffer filter(ByteBuffer batches) throws IOException;
}
