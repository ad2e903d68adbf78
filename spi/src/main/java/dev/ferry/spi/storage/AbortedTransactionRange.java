package dev.ferry.spi.storage;

/**
 * An aborted transaction as a log records it, Kafka's {@code .txnindex} entry: read_committed fetches skip its records.
 *
 * @param producerId the producer whose transaction it was
 * @param firstOffset the offset of the transaction's first record in this partition
 * @param lastOffset the offset of its abort marker
 * @param lastStableOffset the partition's last stable offset once the marker was written
 */
public record AbortedTransactionRange(long producerId, long firstOffset, long lastOffset, long lastStableOffset) {
}
