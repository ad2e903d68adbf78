package dev.ferry.kernel.quota;

import dev.ferry.kernel.metadata.MetadataStore;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.quota.AlterResult;
import dev.ferry.services.quota.ByteRateQuota;
import dev.ferry.services.quota.ClientQuotaAlteration;
import dev.ferry.services.quota.ClientQuotaEntity;
import dev.ferry.services.quota.ClientQuotaFilter;
import dev.ferry.services.quota.ClientQuotas;
import dev.ferry.services.quota.ConnectionRateQuota;
import dev.ferry.services.quota.ControllerMutationQuota;
import dev.ferry.services.quota.RequestTimeQuota;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.TokenBucket;
import org.apache.kafka.common.utils.Time;

/**
 * Client quotas kept in the metadata store (Kafka's {@code ClientQuotaRecord}s) and enforced over them, each key
 * with the sensors Kafka measures it with. Alterations are serialised, so each one is checked against the quotas the one before it stored.
 */
public final class LocalClientQuotas implements ClientQuotas, AutoCloseable {

    private final MetadataStore metadata;
    private final Metrics metrics;
    private final ByteRateSensors produce;
    private final ByteRateSensors fetch;
    private final MutationTokenBuckets controllerMutations;
    private final RequestTimeSensors requestTime;
    private final ConnectionRateSensors connectionCreation;

    /**
     * @param window how client rates are measured
     * @param controllerWindow how controller mutations are measured (Kafka's {@code controller.quota.window.*})
     */
    public LocalClientQuotas(MetadataStore metadata, QuotaWindow window, QuotaWindow controllerWindow) {
        this.metadata = metadata;
        // expiration on: one daemon thread drops the sensors of clients gone quiet
        this.metrics = new Metrics(new MetricConfig(), List.of(), Time.SYSTEM, true);
        Supplier<Map<ClientQuotaEntity, Map<String, Double>>> stored = () -> metadata.image().clientQuotas();
        this.produce = new ByteRateSensors(QuotaKey.PRODUCER_BYTE_RATE, stored, rates(QuotaKey.PRODUCER_BYTE_RATE,
                "byte-rate", window));
        this.fetch = new ByteRateSensors(QuotaKey.CONSUMER_BYTE_RATE, stored, rates(QuotaKey.CONSUMER_BYTE_RATE,
                "byte-rate", window));
        this.controllerMutations = new MutationTokenBuckets(stored, new RateSensors(
                QuotaKey.CONTROLLER_MUTATION_RATE.key(), "tokens", TokenBucket::new, metrics, controllerWindow),
                System::currentTimeMillis);
        this.requestTime = new RequestTimeSensors(stored, rates(QuotaKey.REQUEST_PERCENTAGE, "request-time", window));
        this.connectionCreation = new ConnectionRateSensors(stored, rates(QuotaKey.CONNECTION_CREATION_RATE,
                "connection-creation-rate", window));
    }

    private RateSensors rates(QuotaKey key, String metric, QuotaWindow window) {
        return new RateSensors(key.key(), metric, Rate::new, metrics, window);
    }

    @Override
    public Map<ClientQuotaEntity, Map<String, Double>> describe(ClientQuotaFilter filter) {
        return QuotaFilterMatcher.match(filter, metadata.image().clientQuotas());
    }

    @Override
    public synchronized List<AlterResult> alter(List<ClientQuotaAlteration> alterations, boolean validateOnly) {
        QuotaAlterations.Outcome outcome = QuotaAlterations.check(alterations, metadata.image().clientQuotas());
        if (!validateOnly && !outcome.changes().isEmpty()) {
            try {
                metadata.alterClientQuotas(outcome.changes());
            } catch (IOException e) {
                throw new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "Cannot store the client quotas: " + e, e);
            }
        }
        return outcome.results();
    }

    @Override
    public ByteRateQuota produce() {
        return produce;
    }

    @Override
    public ByteRateQuota fetch() {
        return fetch;
    }

    @Override
    public ControllerMutationQuota controllerMutations() {
        return controllerMutations;
    }

    @Override
    public RequestTimeQuota requestTime() {
        return requestTime;
    }

    @Override
    public ConnectionRateQuota connectionCreation() {
        return connectionCreation;
    }

    @Override
    public void close() {
        metrics.close();
    }
}
