package dev.ferry.spi.storage;

/**
 * One segment of a partition log, as retention sees it.
 *
 * @param baseOffset the first offset the segment may hold (its file name)
 * @param nextOffset one past the last offset it holds
 * @param sizeInBytes the size of its record batches
 * @param maxTimestamp the largest batch timestamp in it, or -1 when it holds no batch
 * @param lastModifiedMs when it was last written, in epoch milliseconds
 * @param active whether it is the segment appends go to; the active segment is never deleted
 */
public record SegmentInfo(long baseOffset, long nextOffset, long sizeInBytes, long maxTimestamp, long lastModifiedMs,
                          boolean active) {
}
