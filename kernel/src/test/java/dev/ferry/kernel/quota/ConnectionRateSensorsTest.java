package dev.ferry.kernel.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.services.quota.ClientQuotaEntity;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** connection_creation_rate over Kafka's default window, 11 samples of 1 s. */
class ConnectionRateSensorsTest {

    private static final ClientQuotaEntity LOCALHOST = ClientQuotaEntity.of(ClientQuotaEntity.IP, "127.0.0.1");
    private static final ClientQuotaEntity DEFAULT = ClientQuotaEntity.of(ClientQuotaEntity.IP, null);

    private final Metrics metrics = new Metrics(new MetricConfig(), List.of(), Time.SYSTEM, false);
    private final Map<ClientQuotaEntity, Map<String, Double>> quotas = Map.of(
            LOCALHOST, Map.of("connection_creation_rate", 2.0),
            DEFAULT, Map.of("connection_creation_rate", 50.0));
    private final ConnectionRateSensors sensors = new ConnectionRateSensors(() -> quotas,
            new RateSensors("connection_creation_rate", "connection-creation-rate", Rate::new, metrics,
                    new QuotaWindow(11, 1)));

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void connectionsOverTheRateAreHeldAtMostOneWindowAndNotCounted() throws Exception {
        InetAddress localhost = InetAddress.getByName("127.0.0.1");
        long now = 1_000_000;
        // 20 connections in a 10 s window: 2/s, at the quota
        for (int i = 0; i < 20; i++) {
            assertEquals(0, sensors.record(localhost, now));
        }

        long throttle = sensors.record(localhost, now);

        assertTrue(throttle > 0 && throttle <= 1000, "throttle " + throttle);
        // the refused connection was taken back out: the next one is over by as much, not more
        assertEquals(throttle, sensors.record(localhost, now));
    }

    @Test
    void anAddressWithoutItsOwnQuotaHasTheDefaultAndNoQuotaIsNoLimit() throws Exception {
        InetAddress other = InetAddress.getByName("10.1.2.3");

        assertEquals(50.0, ConnectionRateSensors.quotaOf(other, quotas));
        assertEquals(2.0, ConnectionRateSensors.quotaOf(InetAddress.getByName("127.0.0.1"), quotas));
        assertEquals(Integer.MAX_VALUE, ConnectionRateSensors.quotaOf(other, Map.of()));
    }
}
