package dev.ferry.spi.broker;

/** The failures a client can be told about. The names follow Kafka's error codes. */
public enum BrokerError {
    NONE,
    UNKNOWN_SERVER_ERROR,
    UNKNOWN_TOPIC_OR_PARTITION,
    UNKNOWN_TOPIC_ID,
    TOPIC_ALREADY_EXISTS,
    INVALID_TOPIC,
    INVALID_PARTITIONS,
    INVALID_REPLICATION_FACTOR,
    INVALID_CONFIG,
    /** A batch failed validation: bad magic, CRC, size or record count. */
    CORRUPT_MESSAGE,
    /** A batch is larger than the topic's {@code max.message.bytes}. */
    MESSAGE_TOO_LARGE,
    OFFSET_OUT_OF_RANGE,
    KAFKA_STORAGE_ERROR
}
