/**
 * The storage extension point: a {@link dev.ferry.spi.storage.StorageEngine} keeps one
 * {@link dev.ferry.spi.storage.PartitionLog} per partition.
 *
 * <p>The broker owns offsets: it validates each batch and assigns its offsets before it calls
 * {@link dev.ferry.spi.storage.PartitionLog#append}. The engine stores the bytes exactly as given, in
 * Kafka's v2 record batch format, and hands back ranges of them as {@link dev.ferry.spi.storage.LogSlice}s
 * that the protocol layer can send without copying.
 */
package dev.ferry.spi.storage;
