package dev.ferry.kernel.quota;

import dev.ferry.services.quota.ByteRateQuota;
import dev.ferry.services.quota.ClientQuotaEntity;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.QuotaViolationException;

/**
 * One byte-rate quota enforced as Kafka's {@code ClientQuotaManager} does: a {@link RateSensors} rate per quota
 * entity, and a record that takes the rate over the quota yields the time after which it is back at the quota.
 */
final class ByteRateSensors implements ByteRateQuota {

    private final QuotaKey key;
    private final Supplier<Map<ClientQuotaEntity, Map<String, Double>>> quotas;
    private final RateSensors sensors;

    ByteRateSensors(QuotaKey key, Supplier<Map<ClientQuotaEntity, Map<String, Double>>> quotas, RateSensors sensors) {
        this.key = key;
        this.quotas = quotas;
        this.sensors = sensors;
    }

    @Override
    public long record(String user, String clientId, long bytes, long nowMs) {
        Optional<QuotaResolver.Resolved> resolved = QuotaResolver.resolve(quotas.get(), user, clientId, key.key());
        if (resolved.isEmpty()) {
            return 0;
        }
        QuotaViolationException violation = sensors.record(resolved.get().tags(), resolved.get().quota(), bytes,
                nowMs);
        return violation == null ? 0 : RateSensors.throttleTimeMs(violation, nowMs);
    }

    @Override
    public void unrecord(String user, String clientId, long bytes, long nowMs) {
        QuotaResolver.resolve(quotas.get(), user, clientId, key.key())
                .ifPresent(resolved -> sensors.recordUnchecked(resolved.tags(), resolved.quota(), -bytes, nowMs));
    }

    @Override
    public long maxBytesInWindow(String user, String clientId) {
        QuotaWindow window = sensors.window();
        return QuotaResolver.resolve(quotas.get(), user, clientId, key.key())
                .map(resolved -> (long) Math.min(Long.MAX_VALUE,
                        resolved.quota() * (window.samples() - 1) * window.sizeSeconds()))
                .orElse(Long.MAX_VALUE);
    }
}
