package dev.ferry.services.quota;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import java.util.List;
import java.util.Map;

/**
 * Client quotas: Kafka's DescribeClientQuotas and AlterClientQuotas over the durable quota store, and the
 * enforcement of each quota key. Keys as Kafka 4.1: {@code producer_byte_rate}, {@code consumer_byte_rate},
 * {@code request_percentage}, {@code controller_mutation_rate} for user and client-id entities,
 * {@code connection_creation_rate} for IP entities.
 */
public interface ClientQuotas {

    /**
     * The quotas of every entity the filter matches, by Kafka's rules. In memory: may be called on a network thread.
     *
     * @throws BrokerException {@link BrokerError#INVALID_REQUEST} for a bad filter (with Kafka's message),
     *     {@link BrokerError#UNSUPPORTED_VERSION} for an unknown entity type
     */
    Map<ClientQuotaEntity, Map<String, Double>> describe(ClientQuotaFilter filter);

    /**
     * Validates and stores the alterations, or with {@code validateOnly} only validates them. Every valid entity's
     * changes are stored together, durably, before this returns; an invalid entity changes nothing. Blocks on
     * disk: never call it on a network thread.
     *
     * @return one result per distinct entity, in request order
     */
    List<AlterResult> alter(List<ClientQuotaAlteration> alterations, boolean validateOnly);

    /** {@code producer_byte_rate}: the bytes of produce requests. */
    ByteRateQuota produce();

    /** {@code consumer_byte_rate}: the bytes of fetch responses. */
    ByteRateQuota fetch();

    /** {@code controller_mutation_rate}: partitions created, added and deleted. */
    ControllerMutationQuota controllerMutations();

    /** {@code request_percentage}: the time spent handling requests. */
    RequestTimeQuota requestTime();

    /** {@code connection_creation_rate}: connections accepted per address. */
    ConnectionRateQuota connectionCreation();
}
