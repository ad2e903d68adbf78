package dev.ferry.kernel.quota;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Quota;
import org.apache.kafka.common.metrics.QuotaViolationException;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Rate;

/**
 * The sensors of one quota, as Kafka's quota managers keep them with kafka-clients' metrics: one per quota entity
 * (named by its tags), each with one stat over the quota window and the entity's quota as its upper bound. A changed
 * quota applies from the next record. Sensors of entities gone quiet expire after an hour, as Kafka's do.
 */
final class RateSensors {

    private static final long INACTIVE_SENSOR_EXPIRY_SECONDS = 3600;

    private final String group;
    private final String metric;
    private final Supplier<MeasurableStat> stat;
    private final Metrics metrics;
    private final QuotaWindow window;

    /**
     * @param group the metric group: the quota's key
     * @param metric the name of each entity's metric ({@code byte-rate}, {@code request-time}...)
     * @param stat what each entity's metric measures: a {@code Rate}, or a {@code TokenBucket}
     */
    RateSensors(String group, String metric, Supplier<MeasurableStat> stat, Metrics metrics, QuotaWindow window) {
        this.group = group;
        this.metric = metric;
        this.stat = stat;
        this.metrics = metrics;
        this.window = window;
    }

    QuotaWindow window() {
        return window;
    }

    /**
     * Records the value, checking the quota afterwards as {@link Sensor#record(double, long)} does.
     *
     * @return the violation, or null when the entity is within its quota
     */
    QuotaViolationException record(Map<String, String> tags, double quota, double value, long nowMs) {
        try {
            sensor(tags, quota).record(value, nowMs, true);
            return null;
        } catch (QuotaViolationException e) {
            return e;
        }
    }

    /** Records the value without checking the quota. */
    void recordUnchecked(Map<String, String> tags, double quota, double value, long nowMs) {
        sensor(tags, quota).record(value, nowMs, false);
    }

    /**
     * Checks the quota, then records the value unchecked, as one step (Kafka's strict controller mutation quota):
     * a record may take the entity past its quota, the next check then fails.
     *
     * @return the violation found by the check (and nothing recorded), or null when the value was recorded
     */
    QuotaViolationException checkThenRecord(Map<String, String> tags, double quota, double value, long nowMs) {
        Sensor sensor = sensor(tags, quota);
        synchronized (sensor) {
            try {
                sensor.checkQuotas(nowMs);
            } catch (QuotaViolationException e) {
                return e;
            }
            sensor.record(value, nowMs, false);
            return null;
        }
    }

    /**
     * Kafka's throttle time of a rate over its bound: the time after which the rate, with nothing more recorded, is
     * back at the bound, {@code (rate - quota) / quota * window}.
     */
    static long throttleTimeMs(QuotaViolationException e, long nowMs) {
        long windowMs = ((Rate) e.metric().measurable())
                .windowSize(e.metric().config(), nowMs);
        return Math.max(0, Math.round((e.value() - e.bound()) / e.bound() * windowMs));
    }

    /** The entity's sensor, its bound set to the quota now stored. */
    private Sensor sensor(Map<String, String> tags, double quota) {
        String name = group + ":" + new TreeMap<>(tags);
        MetricName metricName = metrics.metricName(metric, group, "quota of " + group, tags);
        Sensor sensor = metrics.getSensor(name);
        if (sensor == null) {
            sensor = create(name, metricName, quota);
        }
        KafkaMetric current = metrics.metric(metricName);
        if (current != null && current.config().quota().bound() != quota) {
            current.config(config(quota));
        }
        return sensor;
    }

    private synchronized Sensor create(String name, MetricName metricName, double quota) {
        Sensor sensor = metrics.sensor(name, null, INACTIVE_SENSOR_EXPIRY_SECONDS);
        if (metrics.metric(metricName) == null) {
            sensor.add(metricName, stat.get(), config(quota));
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
