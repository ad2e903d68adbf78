package dev.ferry.kernel.metadata;

import dev.ferry.spi.broker.TopicDescription;
import dev.ferry.spi.quota.ClientQuotaEntity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The metadata at one point of the log.
 *
 * @param topics every topic by id
 * @param brokerConfigs dynamic configs by broker resource: a broker's id, or the empty string for the default
 * @param clientQuotas every quota entity's keys and values, in the order the entities were first set
 */
public record MetadataImage(Map<UUID, TopicDescription> topics, Map<String, Map<String, String>> brokerConfigs,
                            Map<ClientQuotaEntity, Map<String, Double>> clientQuotas) {

    public MetadataImage {
        topics = Map.copyOf(topics);
        brokerConfigs = Map.copyOf(brokerConfigs);
        clientQuotas = Collections.unmodifiableMap(new LinkedHashMap<>(clientQuotas));
    }
}
