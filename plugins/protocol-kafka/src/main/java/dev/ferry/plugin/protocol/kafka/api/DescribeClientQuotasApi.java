package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.quota.ClientQuotaEntity;
import dev.ferry.services.quota.ClientQuotaFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.EntityData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.EntryData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.ValueData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeClientQuotasRequest;
import org.apache.kafka.common.requests.DescribeClientQuotasResponse;

/**
 * DescribeClientQuotas: the stored quotas of the entities a filter matches, by Kafka's rules; a bad filter fails the
 * whole request with Kafka's error and message. Read from memory, on the event loop.
 */
final class DescribeClientQuotasApi implements KafkaApi {

    private final BrokerServices broker;

    DescribeClientQuotasApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLIENT_QUOTAS;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        DescribeClientQuotasRequestData data = ((DescribeClientQuotasRequest) request).data();
        DescribeClientQuotasResponseData response = new DescribeClientQuotasResponseData().setThrottleTimeMs(0);
        try {
            List<ClientQuotaFilter.Component> components = new ArrayList<>();
            for (DescribeClientQuotasRequestData.ComponentData component : data.components()) {
                components.add(new ClientQuotaFilter.Component(component.entityType(),
                        matchType(component.matchType()), component.match()));
            }
            Map<ClientQuotaEntity, Map<String, Double>> matched =
                    broker.clientQuotas().describe(new ClientQuotaFilter(components, data.strict()));
            List<EntryData> entries = new ArrayList<>();
            matched.forEach((entity, values) -> entries.add(new EntryData()
                    .setEntity(entity.entries().entrySet().stream()
                            .map(entry -> new EntityData().setEntityType(entry.getKey())
                                    .setEntityName(entry.getValue()))
                            .toList())
                    .setValues(values.entrySet().stream()
                            .map(value -> new ValueData().setKey(value.getKey()).setValue(value.getValue()))
                            .toList())));
            response.setErrorCode(Errors.NONE.code()).setEntries(entries);
        } catch (RuntimeException e) {
            ApiError error = KafkaErrors.toApiError(e);
            response.setErrorCode(error.error().code()).setErrorMessage(error.message()).setEntries(null);
        }
        return CompletableFuture.completedFuture(new DescribeClientQuotasResponse(response));
    }

    /** Kafka's wire codes: exact 0, default 1, specified (any name) 2. */
    private static ClientQuotaFilter.MatchType matchType(byte code) {
        return switch (code) {
            case DescribeClientQuotasRequest.MATCH_TYPE_EXACT -> ClientQuotaFilter.MatchType.EXACT;
            case DescribeClientQuotasRequest.MATCH_TYPE_DEFAULT -> ClientQuotaFilter.MatchType.DEFAULT;
            case DescribeClientQuotasRequest.MATCH_TYPE_SPECIFIED -> ClientQuotaFilter.MatchType.ANY;
            default -> throw Errors.INVALID_REQUEST.exception("Unknown match type " + code);
        };
    }
}
