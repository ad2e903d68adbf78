package dev.ferry.spi.retention;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One data record of a log, as a {@link Compaction} sees it. Valid only during the call it is passed to; the buffers
 * are read-only views that a compaction copies if it keeps them.
 */
public interface LogRecord {

    long offset();

    long timestamp();

    /** The record's key, or null when it has none. */
    ByteBuffer key();

    /** The record's value, or null for a tombstone (a delete of its key). */
    ByteBuffer value();

    List<RecordHeader> headers();

    /**
     * Whether {@code delete.retention.ms} has passed since a cleaning first kept this record's batch: a tombstone
     * stays until then, so that consumers reading the log see the delete, and may go after.
     */
    boolean deleteHorizonPassed();
}
