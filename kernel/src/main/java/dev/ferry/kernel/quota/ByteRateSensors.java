package dev.ferry.kernel.quota;

import dev.ferry.spi.quota.ByteRateQuota;
import dev.ferry.spi.quota.ClientQuotaEntity;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Quota;
import org.apache.kafka.common.metrics.QuotaViolationException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Rate;

/**
 * One byte-rate quota enforced as Kafka's {@code ClientQuotaManager} does, with kafka-clients' metrics: a sensor per
 * quota entity holds a {@link Rate} over the quota window with the quota as its upper bound; a record that takes the
 * rate over the bound yields a throttle time of {@code (rate - quota) / quota * window}, the time after which the
 * rate is back at the quota. Sensors of clients gone quiet expire after an hour, as Kafka's do.
 */
final class ByteRateSensors implements ByteRateQuota {

    private static final long INACTIVE_SENSOR_EXPIRY_SECONDS = 3600;

    private final QuotaKey key;
    private final Supplier<Map<ClientQuotaEntity, Map<String, Double>>> quotas;
    private final Metrics metrics;
    private final QuotaWindow window;

    ByteRateSensors(QuotaKey key, Supplier<Map<ClientQuotaEntity, Map<String, Double>>> quotas, Metrics metrics,
                    QuotaWindow window) {
        this.key = key;
        this.quotas = quotas;
        this.metrics = metrics;
        this.window = window;
    }

    @Override
    public long record(String user, String clientId, long bytes, long nowMs) {
        Optional<QuotaResolver.Resolved> resolved = QuotaResolver.resolve(quotas.get(), user, clientId, key.key());
        if (resolved.isEmpty()) {
            return 0;
        }
        try {
            sensor(resolved.get()).record(bytes, nowMs, true);
            return 0;
        } catch (QuotaViolationException e) {
            long windowMs = ((Rate) e.metric().measurable()).windowSize(e.metric().config(), nowMs);
            return Math.max(0, Math.round((e.value() - e.bound()) / e.bound() * windowMs));
        }
    }

    @Override
    public void unrecord(String user, String clientId, long bytes, long nowMs) {
        QuotaResolver.resolve(quotas.get(), user, clientId, key.key())
                .ifPresent(resolved -> sensor(resolved).record(-bytes, nowMs, false));
    }

    @Override
    public long maxBytesInWindow(String user, String clientId) {
        return QuotaResolver.resolve(quotas.get(), user, clientId, key.key())
                .map(resolved -> (long) Math.min(Long.MAX_VALUE,
                        resolved.quota() * (window.samples() - 1) * window.sizeSeconds()))
                .orElse(Long.MAX_VALUE);
    }

    /** The entity's sensor, its bound set to the quota now stored (a changed quota applies from the next record). */
    private Sensor sensor(QuotaResolver.Resolved resolved) {
        String name = key.key() + ":" + resolved.user() + ":" + resolved.clientId();
        MetricName metricName = metrics.metricName("byte-rate", key.key(), "quota of a client's byte rate",
                Map.of("user", resolved.user(), "client-id", resolved.clientId()));
        Sensor sensor = metrics.getSensor(name);
        if (sensor == null) {
            sensor = create(name, metricName, resolved.quota());
        }
        KafkaMetric metric = metrics.metric(metricName);
        if (metric != null && metric.config().quota().bound() != resolved.quota()) {
            metric.config(config(resolved.quota()));
        }
        return sensor;
    }

    private synchronized Sensor create(String name, MetricName metricName, double quota) {
        Sensor sensor = metrics.sensor(name, null, INACTIVE_SENSOR_EXPIRY_SECONDS);
        if (metrics.metric(metricName) == null) {
            sensor.add(metricName, new Rate(), config(quota));
        }
        return sensor;
    }

    private MetricConfig config(double quota) {
        return new MetricConfig()
                .timeWindow(window.sizeSeconds(), TimeUnit.SECONDS)
                .samples(window.samples())
                .quota(Quota.upperBound(quota));
    }
}
