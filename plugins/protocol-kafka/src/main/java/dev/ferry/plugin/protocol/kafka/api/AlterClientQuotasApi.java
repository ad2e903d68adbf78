package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.quota.AlterResult;
import dev.ferry.services.quota.ClientQuotaAlteration;
import dev.ferry.services.quota.ClientQuotaEntity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData.EntityData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData.EntryData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterClientQuotasRequest;
import org.apache.kafka.common.requests.AlterClientQuotasResponse;

/**
 * AlterClientQuotas: sets and removes quota keys of users, client ids and IP addresses (or their defaults), with an
 * error per entity, or with {@code validateOnly} only checks them. Runs off the event loop: changes are stored.
 */
final class AlterClientQuotasApi implements KafkaApi {

    private final BrokerServices broker;
    private final Executor admin;

    AlterClientQuotasApi(BrokerServices broker, Executor admin) {
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CLIENT_QUOTAS;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        AlterClientQuotasRequestData data = ((AlterClientQuotasRequest) request).data();
        List<ClientQuotaAlteration> alterations = data.entries().stream()
                .map(entry -> new ClientQuotaAlteration(entity(entry.entity()), entry.ops().stream()
                        .map(op -> new ClientQuotaAlteration.Op(op.key(), op.remove() ? null : op.value()))
                        .toList()))
                .toList();
        return CompletableFuture.supplyAsync(() -> {
            List<AlterResult> results = broker.clientQuotas().alter(alterations, data.validateOnly());
            return new AlterClientQuotasResponse(new AlterClientQuotasResponseData()
                    .setThrottleTimeMs(0)
                    .setEntries(results.stream().map(AlterClientQuotasApi::entry).toList()));
        }, admin);
    }

    /** As Kafka reads an entity: into a map, so an entity type named twice keeps its last name. */
    private static ClientQuotaEntity entity(List<AlterClientQuotasRequestData.EntityData> parts) {
        Map<String, String> entries = new HashMap<>();
        parts.forEach(part -> entries.put(part.entityType(), part.entityName()));
        return new ClientQuotaEntity(entries);
    }

    private static EntryData entry(AlterResult result) {
        return new EntryData()
                .setErrorCode(KafkaErrors.toKafka(result.error()).code())
                .setErrorMessage(result.message())
                .setEntity(result.entity().entries().entrySet().stream()
                        .map(part -> new EntityData().setEntityType(part.getKey()).setEntityName(part.getValue()))
                        .toList());
    }
}
