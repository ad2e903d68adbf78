package dev.ferry.kernel.producer;

import dev.ferry.kernel.async.DaemonThreads;
import dev.ferry.kernel.partition.Partition;
import dev.ferry.kernel.partition.PartitionManager;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code producer.id.expiration.check.interval.ms}, makes each partition forget the producers that wrote nothing
 * for {@code producer.id.expiration.ms} and have no transaction open, as Kafka does, so a broker serving many
 * short-lived producers does not keep them all.
 */
public final class ProducerExpiration implements AutoCloseable {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("producer-expiration"));

    private ProducerExpiration() {
    }

    public static ProducerExpiration start(PartitionManager partitions, long expirationMs, long checkIntervalMs) {
        ProducerExpiration expiration = new ProducerExpiration();
        expiration.executor.scheduleWithFixedDelay(() -> {
            long nowMs = System.currentTimeMillis();
            for (Partition partition : partitions.partitions()) {
                partition.expireProducers(nowMs, expirationMs);
            }
        }, checkIntervalMs, checkIntervalMs, TimeUnit.MILLISECONDS);
        return expiration;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
