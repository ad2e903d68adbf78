package dev.ferry.spi.storage;

import java.nio.ByteBuffer;

/**
 * A snapshot of a partition's producer state as of an offset: Kafka's {@code <offset>.snapshot} file, whose bytes the
 * broker encodes and decodes; an engine stores them as they are.
 *
 * @param offset the offset the state is as of: every batch below it is in the state, none from it on
 * @param data the snapshot's bytes, from position to limit
 */
public record ProducerSnapshot(long offset, ByteBuffer data) {
}
