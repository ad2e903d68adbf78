package dev.ferry.spi.storage;

import java.nio.ByteBuffer;

/**
 * Validated record batches in Kafka's v2 format with their offsets assigned, and what the broker learnt of them
 * while validating, so an engine needs no per-record work.
 *
 * @param records the batches, from position to limit; the engine must not change them
 * @param firstOffset the base offset of the first batch
 * @param lastOffset the last offset of the last batch
 * @param maxTimestamp the largest batch max-timestamp
 * @param offsetOfMaxTimestamp the last offset of the batch with {@code maxTimestamp}
 */
public record LogAppend(ByteBuffer records, long firstOffset, long lastOffset, long maxTimestamp,
                        long offsetOfMaxTimestamp) {

    public int sizeInBytes() {
        return records.remaining();
    }
}
