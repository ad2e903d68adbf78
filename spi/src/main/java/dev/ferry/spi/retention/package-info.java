/**
 * The retention extension points, named by a topic's {@code cleanup.policy}: a
 * {@link dev.ferry.spi.retention.RetentionPolicy} decides which of a partition log's closed segments may be deleted
 * (the broker runs it every {@code log.retention.check.interval.ms}); a {@link dev.ferry.spi.retention.CompactionPolicy}
 * decides which records the log cleaner keeps when it rewrites closed segments.
 */
package dev.ferry.spi.retention;
