package dev.ferry.kernel.quota;

import dev.ferry.services.quota.ClientQuotaEntity;
import dev.ferry.services.quota.ConnectionRateQuota;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.QuotaViolationException;

/**
 * {@code connection_creation_rate} enforced as Kafka's {@code ConnectionQuotas} does for IP entities: the quota of
 * the address's own entity, else of the IP default; a rate of connections per address; a connection over the rate is
 * taken back out of it and held for the throttle time (at most one quota window) before it is closed. Kafka's
 * unlimited value, 2147483647, is no quota.
 */
final class ConnectionRateSensors implements ConnectionRateQuota {

    private static final double UNLIMITED = Integer.MAX_VALUE;

    private final Supplier<Map<ClientQuotaEntity, Map<String, Double>>> quotas;
    private final RateSensors sensors;

    ConnectionRateSensors(Supplier<Map<ClientQuotaEntity, Map<String, Double>>> quotas, RateSensors sensors) {
        this.quotas = quotas;
        this.sensors = sensors;
    }

    @Override
    public long record(InetAddress address, long nowMs) {
        double quota = quotaOf(address, quotas.get());
        if (quota == UNLIMITED) {
            return 0;
        }
        Map<String, String> tags = Map.of(ClientQuotaEntity.IP, address.getHostAddress());
        QuotaViolationException violation = sensors.record(tags, quota, 1, nowMs);
        if (violation == null) {
            return 0;
        }
        sensors.recordUnchecked(tags, quota, -1, nowMs);
        return Math.max(1, Math.min(RateSensors.throttleTimeMs(violation, nowMs),
                TimeUnit.SECONDS.toMillis(sensors.window().sizeSeconds())));
    }

    /**
     * The address's own quota, else the IP default's. Entities are named by IP literals, matched without a name
     * lookup; one named by a host name does not apply.
     */
    static double quotaOf(InetAddress address, Map<ClientQuotaEntity, Map<String, Double>> quotas) {
        Double fallback = null;
        for (Map.Entry<ClientQuotaEntity, Map<String, Double>> entry : quotas.entrySet()) {
            Map<String, String> entity = entry.getKey().entries();
            Double quota = entry.getValue().get(QuotaKey.CONNECTION_CREATION_RATE.key());
            if (quota == null || entity.size() != 1 || !entity.containsKey(ClientQuotaEntity.IP)) {
                continue;
            }
            String ip = entity.get(ClientQuotaEntity.IP);
            if (ip == null) {
                fallback = quota;
            } else if (isLiteralOf(ip, address)) {
                return quota;
            }
        }
        return fallback == null ? UNLIMITED : fallback;
    }

    private static boolean isLiteralOf(String ip, InetAddress address) {
        if (ip.equals(address.getHostAddress())) {
            return true;
        }
        if (!ip.contains(":") && !ip.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return false;
        }
        try {
            // an IP literal: parsed, never looked up
            return InetAddress.getByName(ip).equals(address);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
