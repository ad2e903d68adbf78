package dev.ferry.kernel.producer;

import dev.ferry.kernel.partition.Partition;
import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.spi.time.Scheduler;

/**
 * Every {@code producer.id.expiration.check.interval.ms}, makes each partition forget the producers that wrote nothing
 * for {@code producer.id.expiration.ms} and have no transaction open, as Kafka does, so a broker serving many
 * short-lived producers does not keep them all.
 */
public final class ProducerExpiration implements AutoCloseable {

    private final Scheduler.Timeout checks;

    private ProducerExpiration(Scheduler.Timeout checks) {
        this.checks = checks;
    }

    public static ProducerExpiration start(PartitionManager partitions, Scheduler scheduler, long expirationMs,
                                           long checkIntervalMs) {
        return new ProducerExpiration(scheduler.scheduleRepeatedly(checkIntervalMs, () -> {
            long nowMs = scheduler.clock().milliseconds();
            for (Partition partition : partitions.partitions()) {
                partition.expireProducers(nowMs, expirationMs);
            }
        }));
    }

    @Override
    public void close() {
        checks.cancel();
    }
}
