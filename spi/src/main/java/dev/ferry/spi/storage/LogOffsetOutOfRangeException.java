package dev.ferry.spi.storage;

/**
 * An offset outside the log: below its start offset (retention or DeleteRecords moved it) or beyond its end. The
 * broker answers Kafka's {@code OFFSET_OUT_OF_RANGE}.
 */
public class LogOffsetOutOfRangeException extends RuntimeException {

    public LogOffsetOutOfRangeException(String message) {
        super(message);
    }
}
