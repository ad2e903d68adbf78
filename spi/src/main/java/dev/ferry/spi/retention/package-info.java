/**
 * The retention extension point: a {@link dev.ferry.spi.retention.RetentionPolicy} decides which of a partition
 * log's closed segments may be deleted. The broker runs the policy a topic names in {@code cleanup.policy} every
 * {@code log.retention.check.interval.ms}.
 */
package dev.ferry.spi.retention;
