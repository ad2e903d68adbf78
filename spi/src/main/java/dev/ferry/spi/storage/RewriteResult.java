package dev.ferry.spi.storage;

/**
 * What a {@link PartitionLog#rewrite} did.
 *
 * @param segmentsRead the closed segments it read
 * @param segmentsWritten the segments that replaced them (several small segments may become one)
 * @param bytesRead the size of the segments read
 * @param bytesWritten the size of the segments written
 */
public record RewriteResult(int segmentsRead, int segmentsWritten, long bytesRead, long bytesWritten) {
}
