package dev.ferry.kernel.metadata;

import dev.ferry.spi.broker.TopicDescription;
import dev.ferry.spi.security.ScramCredential;
import java.util.Map;
import java.util.UUID;

/**
 * The metadata at one point of the log.
 *
 * @param topics every topic by id
 * @param brokerConfigs dynamic configs by broker resource: a broker's id, or the empty string for the default
 * @param scramCredentials SCRAM credentials by user, then by mechanism name ({@code SCRAM-SHA-256})
 */
public record MetadataImage(Map<UUID, TopicDescription> topics, Map<String, Map<String, String>> brokerConfigs,
                            Map<String, Map<String, ScramCredential>> scramCredentials) {

    public MetadataImage {
        topics = Map.copyOf(topics);
        brokerConfigs = Map.copyOf(brokerConfigs);
        scramCredentials = Map.copyOf(scramCredentials);
    }
}
