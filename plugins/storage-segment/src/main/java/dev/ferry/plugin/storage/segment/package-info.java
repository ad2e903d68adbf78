/**
 * The default storage engine: each partition's log is a directory of segment files in Apache Kafka's on-disk
 * format ({@code <topic>-<partition>/00000000000000000000.log}), so Kafka's own tools can read it.
 */
package dev.ferry.plugin.storage.segment;
