/**
 * Consumer group coordination as a protocol handler sees it: {@link dev.ferry.services.group.Groups} serves the classic
 * group protocol (join, sync, heartbeat, leave), the consumer group protocol of KIP-848 (heartbeats that carry
 * subscriptions, with assignments computed by a {@link dev.ferry.spi.assignor.PartitionAssignor}), committed
 * offsets and the administration of groups.
 *
 * <p>The broker keeps group metadata and offsets durable in its internal {@code __consumer_offsets} topic. Every
 * call may be made from a network thread: none blocks, and every one answers with a
 * {@link java.util.concurrent.CompletableFuture}, so that the coordinator may serve its operations on a thread of
 * its own; those that must wait (for a rebalance, for a write) complete when that is done.
 */
package dev.ferry.services.group;
