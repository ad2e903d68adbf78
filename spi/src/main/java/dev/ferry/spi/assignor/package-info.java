/**
 * The partition assignor extension point: a {@link dev.ferry.spi.assignor.PartitionAssignor} computes the target
 * assignment of a consumer group that uses the consumer group protocol (KIP-848). {@code uniform} and
 * {@code range} are built in; a plugin adds others, and a client picks one by name with
 * {@code group.remote.assignor}.
 */
package dev.ferry.spi.assignor;
