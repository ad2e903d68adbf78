package dev.ferry.kernel.quota;

import dev.ferry.services.quota.ClientQuotaEntity;
import dev.ferry.services.quota.RequestTimeQuota;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.QuotaViolationException;

/**
 * {@code request_percentage} enforced as Kafka's {@code ClientRequestQuotaManager} does: handling time is recorded
 * as a percentage of one thread (nanoseconds x 100 / 10^9 per second) into a rate per quota entity, and a client
 * over its quota waits until its rate is back at it, but never longer than one quota window.
 */
final class RequestTimeSensors implements RequestTimeQuota {

    private static final double PERCENT_PER_NANO = 100.0 / TimeUnit.SECONDS.toNanos(1);

    private final Supplier<Map<ClientQuotaEntity, Map<String, Double>>> quotas;
    private final RateSensors sensors;

    RequestTimeSensors(Supplier<Map<ClientQuotaEntity, Map<String, Double>>> quotas, RateSensors sensors) {
        this.quotas = quotas;
        this.sensors = sensors;
    }

    @Override
    public long record(String user, String clientId, long nanos, long nowMs) {
        return QuotaResolver.resolve(quotas.get(), user, clientId, QuotaKey.REQUEST_PERCENTAGE.key())
                .map(resolved -> {
                    QuotaViolationException violation = sensors.record(resolved.tags(), resolved.quota(),
                            nanos * PERCENT_PER_NANO, nowMs);
                    return violation == null ? 0L : Math.min(RateSensors.throttleTimeMs(violation, nowMs),
                            TimeUnit.SECONDS.toMillis(sensors.window().sizeSeconds()));
                })
                .orElse(0L);
    }

    @Override
    public void recordNoThrottle(String user, String clientId, long nanos, long nowMs) {
        QuotaResolver.resolve(quotas.get(), user, clientId, QuotaKey.REQUEST_PERCENTAGE.key())
                .ifPresent(resolved -> sensors.recordUnchecked(resolved.tags(), resolved.quota(),
                        nanos * PERCENT_PER_NANO, nowMs));
    }
}
