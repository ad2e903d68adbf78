package dev.ferry.kernel.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.services.quota.ClientQuotaEntity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rates over Kafka's default window (11 samples of 1 s), on a clock the test moves. */
class ByteRateSensorsTest {

    private static final ClientQuotaEntity APP = ClientQuotaEntity.of(ClientQuotaEntity.CLIENT_ID, "app");

    private final Metrics metrics = new Metrics(new MetricConfig(), List.of(), Time.SYSTEM, false);
    private final AtomicReference<Map<ClientQuotaEntity, Map<String, Double>>> quotas =
            new AtomicReference<>(Map.of(APP, Map.of("producer_byte_rate", 1000.0)));
    private final ByteRateSensors sensors = new ByteRateSensors(QuotaKey.PRODUCER_BYTE_RATE, quotas::get,
            new RateSensors("producer_byte_rate", "byte-rate", Rate::new, metrics, new QuotaWindow(11, 1)));

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void aClientOverItsQuotaIsToldToWaitUntilItsRateIsBackAtIt() {
        // 10 000 bytes in a 10 s window is 1000 B/s: at the quota
        assertEquals(0, sensors.record("ANONYMOUS", "app", 10_000, 0));

        // 20 000 bytes: 2000 B/s over the 10 s window, twice the quota, so 10 s to wait
        assertEquals(10_000, sensors.record("ANONYMOUS", "app", 10_000, 0));
        assertEquals(0, sensors.record("ANONYMOUS", "other", 1_000_000, 0));
    }

    @Test
    void unrecordedBytesDoNotCountAndAChangedQuotaAppliesAtOnce() {
        assertTrue(sensors.record("ANONYMOUS", "app", 20_000, 0) > 0);
        sensors.unrecord("ANONYMOUS", "app", 20_000, 0);
        assertEquals(0, sensors.record("ANONYMOUS", "app", 5_000, 0));

        quotas.set(Map.of(APP, Map.of("producer_byte_rate", 100.0)));

        assertTrue(sensors.record("ANONYMOUS", "app", 1, 0) > 0);
        assertEquals(1000, sensors.maxBytesInWindow("ANONYMOUS", "app"));
        assertEquals(Long.MAX_VALUE, sensors.maxBytesInWindow("ANONYMOUS", "other"));
    }
}
