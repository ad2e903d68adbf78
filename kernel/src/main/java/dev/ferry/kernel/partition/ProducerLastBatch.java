package dev.ferry.kernel.partition;

/**
 * Where a producer's state was last written, which the log cleaner keeps (as an empty batch if need be) so that the
 * state can be rebuilt from the log: its last data batch, or, when its current epoch has none, its last marker.
 *
 * @param lastDataOffset the last offset of its last data batch in the current epoch, or -1 when none
 * @param epoch its current epoch
 */
public record ProducerLastBatch(long lastDataOffset, short epoch) {
}
