package dev.ferry.kernel.metadata;

import dev.ferry.spi.broker.TopicDescription;
import java.util.Map;
import java.util.UUID;

/**
 * The metadata at one point of the log.
 *
 * @param topics every topic by id
 * @param brokerConfigs dynamic configs by broker resource: a broker's id, or the empty string for the default
 * @param featureLevels finalized feature levels by feature name; a feature at level 0 is absent
 */
public record MetadataImage(Map<UUID, TopicDescription> topics, Map<String, Map<String, String>> brokerConfigs,
                            Map<String, Short> featureLevels) {

    public MetadataImage {
        topics = Map.copyOf(topics);
        brokerConfigs = Map.copyOf(brokerConfigs);
        featureLevels = Map.copyOf(featureLevels);
    }
}
