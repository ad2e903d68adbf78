package dev.ferry.spi.storage;

/**
 * One segment of a partition log, as retention and the log cleaner see it.
 *
 * @param baseOffset the first offset the segment may hold (its file name)
 * @param nextOffset one past the last offset it covers: the next segment's base offset, or for the active segment the
 *     log end offset (a compacted segment may have no record at its last offsets)
 * @param sizeInBytes the size of its record batches
 * @param maxTimestamp the largest batch timestamp in it, or -1 when it holds no batch
 * @param lastModifiedMs when it was last written, in epoch milliseconds
 * @param active whether it is the segment appends go to; the active segment is never deleted nor rewritten
 * @param firstBatchTimestamp the largest timestamp of its first batch (Kafka's measure of how long a segment has
 *     waited for compaction, {@code max.compaction.lag.ms}), or -1 when unknown
 */
public record SegmentInfo(long baseOffset, long nextOffset, long sizeInBytes, long maxTimestamp, long lastModifiedMs,
                          boolean active, long firstBatchTimestamp) {

    /** A segment whose first batch's timestamp is not known. */
    public SegmentInfo(long baseOffset, long nextOffset, long sizeInBytes, long maxTimestamp, long lastModifiedMs,
                       boolean active) {
        this(baseOffset, nextOffset, sizeInBytes, maxTimestamp, lastModifiedMs, active, -1);
    }
}
