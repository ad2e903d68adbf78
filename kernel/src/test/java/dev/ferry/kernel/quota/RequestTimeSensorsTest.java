package dev.ferry.kernel.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.quota.ClientQuotaEntity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** request_percentage=10 (a tenth of a thread) over Kafka's default window, 11 samples of 1 s. */
class RequestTimeSensorsTest {

    private static final ClientQuotaEntity APP = ClientQuotaEntity.of(ClientQuotaEntity.CLIENT_ID, "app");

    private final Metrics metrics = new Metrics(new MetricConfig(), List.of(), Time.SYSTEM, false);
    private final RequestTimeSensors sensors = new RequestTimeSensors(
            () -> Map.of(APP, Map.of("request_percentage", 10.0)),
            new RateSensors("request_percentage", "request-time", Rate::new, metrics, new QuotaWindow(11, 1)));

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void handlingTimeIsAShareOfOneThreadAndTheThrottleIsAtMostOneWindow() {
        long now = 1_000_000;
        // 1 s of handling in a 10 s window: 10 % of a thread, at the quota
        assertEquals(0, sensors.record("ANONYMOUS", "app", TimeUnit.SECONDS.toNanos(1), now));

        // 1 s more: 20 %, twice the quota, 10 s to wait by the rate, bounded to one window of 1 s
        assertEquals(1000, sensors.record("ANONYMOUS", "app", TimeUnit.SECONDS.toNanos(1), now));
        assertEquals(0, sensors.record("ANONYMOUS", "other", TimeUnit.SECONDS.toNanos(100), now));
    }

    @Test
    void timeCountedAfterTheResponseThrottlesTheNextRequest() {
        long now = 1_000_000;
        sensors.recordNoThrottle("ANONYMOUS", "app", TimeUnit.SECONDS.toNanos(3), now);

        assertEquals(1000, sensors.record("ANONYMOUS", "app", 1, now));
    }
}
