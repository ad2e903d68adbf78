package dev.ferry.coordinator.runtime;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.time.Clock;

/**
 * What the runtime gives a shard it creates.
 *
 * @param partition the partition of the internal topic the shard holds
 * @param clock the broker's clock
 * @param timer the shard's timeouts, run on its thread
 */
public record CoordinatorContext<R>(TopicPartition partition, Clock clock, CoordinatorTimer<R> timer) {
}
