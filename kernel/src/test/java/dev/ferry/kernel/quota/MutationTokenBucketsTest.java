package dev.ferry.kernel.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.services.quota.ClientQuotaEntity;
import dev.ferry.services.quota.ControllerMutationQuota;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.stats.TokenBucket;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A quota of 2 partitions/s over Kafka's default window: a bucket of 22 tokens, on a clock the test moves. */
class MutationTokenBucketsTest {

    private static final ClientQuotaEntity ADMIN = ClientQuotaEntity.of(ClientQuotaEntity.CLIENT_ID, "admin");

    private final Metrics metrics = new Metrics(new MetricConfig(), List.of(), Time.SYSTEM, false);
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MutationTokenBuckets buckets = new MutationTokenBuckets(
            () -> Map.of(ADMIN, Map.of("controller_mutation_rate", 2.0)),
            new RateSensors("controller_mutation_rate", "tokens", TokenBucket::new, metrics, new QuotaWindow(11, 1)),
            now::get);

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void aStrictRequestMayEmptyTheBucketAndTheNextOnesAreRefusedUntilItRefills() {
        // Given: 30 partitions taken from a bucket of 22, 8 below zero
        ControllerMutationQuota.Request first = buckets.forRequest("ANONYMOUS", "admin", true);
        assertTrue(first.record(30));
        assertEquals(0, first.throttleTimeMs());

        // When
        ControllerMutationQuota.Request second = buckets.forRequest("ANONYMOUS", "admin", true);
        boolean accepted = second.record(1);

        // Then: refused, 8 tokens at 2/s are 4 s away; nothing counted
        assertFalse(accepted);
        assertEquals(4000, second.throttleTimeMs());
        now.addAndGet(1000);
        assertEquals(3000, second.throttleTimeMs());
        now.addAndGet(3000);
        assertTrue(buckets.forRequest("ANONYMOUS", "admin", true).record(1));
    }

    @Test
    void aPermissiveRequestIsAcceptedAndThrottled() {
        ControllerMutationQuota.Request request = buckets.forRequest("ANONYMOUS", "admin", false);

        assertTrue(request.record(20));
        assertTrue(request.record(6));

        assertEquals(2000, request.throttleTimeMs());
    }

    @Test
    void aClientWithoutAQuotaIsNeverLimited() {
        ControllerMutationQuota.Request request = buckets.forRequest("ANONYMOUS", "other", true);

        assertTrue(request.record(1_000_000));
        assertTrue(request.record(1));
        assertEquals(0, request.throttleTimeMs());
    }
}
