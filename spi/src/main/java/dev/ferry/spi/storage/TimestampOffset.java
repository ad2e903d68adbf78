package dev.ferry.spi.storage;

/**
 * A record found by timestamp, or the record with the largest timestamp.
 *
 * @param timestamp the record's timestamp
 * @param offset the record's offset
 */
public record TimestampOffset(long timestamp, long offset) {
}
