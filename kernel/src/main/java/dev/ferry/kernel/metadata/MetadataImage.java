package dev.ferry.kernel.metadata;

import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.quota.ClientQuotaEntity;
import dev.ferry.services.security.ScramCredential;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The metadata at one point of the log.
 *
 * @param topics every topic by id
 * @param brokerConfigs dynamic configs by broker resource: a broker's id, or the empty string for the default
 * @param featureLevels finalized feature levels by feature name; a feature at level 0 is absent
 * @param clientQuotas every quota entity's keys and values, in the order the entities were first set
 * @param scramCredentials SCRAM credentials by user, then by mechanism name ({@code SCRAM-SHA-256})
 * @param nextProducerId the first producer id not handed out yet
 */
public record MetadataImage(Map<UUID, TopicDescription> topics, Map<String, Map<String, String>> brokerConfigs,
                            Map<String, Short> featureLevels,
                            Map<ClientQuotaEntity, Map<String, Double>> clientQuotas,
                            Map<String, Map<String, ScramCredential>> scramCredentials, long nextProducerId) {

    public MetadataImage {
        topics = Map.copyOf(topics);
        brokerConfigs = Map.copyOf(brokerConfigs);
        featureLevels = Map.copyOf(featureLevels);
        clientQuotas = Collections.unmodifiableMap(new LinkedHashMap<>(clientQuotas));
        scramCredentials = Map.copyOf(scramCredentials);
    }
}
