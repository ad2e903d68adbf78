package dev.ferry.spi.retention;

import java.nio.ByteBuffer;

/**
 * A header of a {@link LogRecord}.
 *
 * @param key the header's name
 * @param value its value, a read-only view, or null
 */
public record RecordHeader(String key, ByteBuffer value) {
}
