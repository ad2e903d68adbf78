package dev.ferry.kernel.quota;

import dev.ferry.services.quota.ClientQuotaEntity;
import dev.ferry.services.quota.ControllerMutationQuota;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.QuotaViolationException;

/**
 * {@code controller_mutation_rate} enforced as Kafka's {@code ControllerMutationQuotaManager} does: a token bucket
 * per quota entity (kafka-clients' {@code TokenBucket}: refilled at the quota, holding up to quota x samples x
 * window seconds). A strict request checks that the bucket is not empty before taking its tokens, so one request may
 * take it below zero and the next ones are refused until it refills; a permissive one takes its tokens and is
 * throttled once the bucket is below zero. Either way the time to wait is the time the bucket needs to be back at 0.
 */
final class MutationTokenBuckets implements ControllerMutationQuota {

    private static final Request UNBOUNDED = new Request() {
        @Override
        public boolean record(int partitions) {
            return true;
        }

        @Override
        public int throttleTimeMs() {
            return 0;
        }
    };

    private final Supplier<Map<ClientQuotaEntity, Map<String, Double>>> quotas;
    private final RateSensors buckets;
    private final LongSupplier clock;

    MutationTokenBuckets(Supplier<Map<ClientQuotaEntity, Map<String, Double>>> quotas, RateSensors buckets,
                         LongSupplier clock) {
        this.quotas = quotas;
        this.buckets = buckets;
        this.clock = clock;
    }

    @Override
    public Request forRequest(String user, String clientId, boolean strict) {
        Optional<QuotaResolver.Resolved> resolved = QuotaResolver.resolve(quotas.get(), user, clientId,
                QuotaKey.CONTROLLER_MUTATION_RATE.key());
        return resolved.<Request>map(quota -> new BucketRequest(quota, strict)).orElse(UNBOUNDED);
    }

    /** Kafka's time for a bucket below zero to refill to zero: {@code -tokens / quota} seconds. */
    static long refillTimeMs(QuotaViolationException e) {
        return Math.round(-e.value() / e.bound() * 1000);
    }

    private final class BucketRequest implements Request {

        private final QuotaResolver.Resolved quota;
        private final boolean strict;
        private long lastThrottleTimeMs;
        private long lastViolationMs;

        BucketRequest(QuotaResolver.Resolved quota, boolean strict) {
            this.quota = quota;
            this.strict = strict;
        }

        @Override
        public boolean record(int partitions) {
            long now = clock.getAsLong();
            QuotaViolationException violation = strict
                    ? buckets.checkThenRecord(quota.tags(), quota.quota(), partitions, now)
                    : buckets.record(quota.tags(), quota.quota(), partitions, now);
            if (violation == null) {
                return true;
            }
            lastThrottleTimeMs = refillTimeMs(violation);
            lastViolationMs = now;
            return !strict;
        }

        @Override
        public int throttleTimeMs() {
            long left = lastThrottleTimeMs - (clock.getAsLong() - lastViolationMs);
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, left));
        }
    }
}
