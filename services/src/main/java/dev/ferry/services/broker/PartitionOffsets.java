package dev.ferry.services.broker;

/**
 * The offsets of a partition at one moment.
 *
 * @param logStartOffset the earliest offset a consumer can read
 * @param highWatermark one past the last offset a consumer can read
 * @param lastStableOffset the first offset of the oldest open transaction, or the high watermark with none open: a
 *     read_committed consumer reads below it
 * @param logEndOffset one past the last offset in the leader's log
 */
public record PartitionOffsets(long logStartOffset, long highWatermark, long lastStableOffset, long logEndOffset) {
}
