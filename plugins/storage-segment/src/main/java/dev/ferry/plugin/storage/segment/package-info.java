/**
 * The default storage engine: each partition's log is a directory of segment files in Apache Kafka's on-disk
 * format ({@code <topic>-<partition>/00000000000000000000.log}, {@code .index}, {@code .timeindex}, {@code .txnindex},
 * {@code leader-epoch-checkpoint}, the producer snapshots {@code <offset>.snapshot}), with Kafka's checkpoints and
 * clean shutdown marker in each log directory, so Kafka's own tools can read it.
 */
package dev.ferry.plugin.storage.segment;
