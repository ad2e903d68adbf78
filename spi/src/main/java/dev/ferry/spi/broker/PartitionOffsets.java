package dev.ferry.spi.broker;

/**
 * The offsets of a partition at one moment.
 *
 * @param logStartOffset the earliest offset a consumer can read
 * @param highWatermark one past the last offset a consumer can read
 * @param logEndOffset one past the last offset in the leader's log
 */
public record PartitionOffsets(long logStartOffset, long highWatermark, long logEndOffset) {
}
