package dev.ferry.kernel.quota;

import dev.ferry.kernel.metadata.MetadataStore;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import dev.ferry.spi.quota.AlterResult;
import dev.ferry.spi.quota.ByteRateQuota;
import dev.ferry.spi.quota.ClientQuotaAlteration;
import dev.ferry.spi.quota.ClientQuotaEntity;
import dev.ferry.spi.quota.ClientQuotaFilter;
import dev.ferry.spi.quota.ClientQuotas;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;

/**
 * Client quotas kept in the metadata store (Kafka's {@code ClientQuotaRecord}s) and the byte rates enforced over
 * them. Alterations are serialised, so each one is checked against the quotas the one before it stored.
 */
public final class LocalClientQuotas implements ClientQuotas, AutoCloseable {

    private final MetadataStore metadata;
    private final Metrics metrics;
    private final ByteRateSensors produce;
    private final ByteRateSensors fetch;

    public LocalClientQuotas(MetadataStore metadata, QuotaWindow window) {
        this.metadata = metadata;
        // expiration on: one daemon thread drops the sensors of clients gone quiet
        this.metrics = new Metrics(new MetricConfig(), List.of(), Time.SYSTEM, true);
        Supplier<Map<ClientQuotaEntity, Map<String, Double>>> stored = () -> metadata.image().clientQuotas();
        this.produce = new ByteRateSensors(QuotaKey.PRODUCER_BYTE_RATE, stored, metrics, window);
        this.fetch = new ByteRateSensors(QuotaKey.CONSUMER_BYTE_RATE, stored, metrics, window);
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
    public void close() {
        metrics.close();
    }
}
