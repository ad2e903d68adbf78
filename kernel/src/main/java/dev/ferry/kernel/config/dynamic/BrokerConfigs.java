package dev.ferry.kernel.config.dynamic;

import dev.ferry.kernel.config.TopicConfigCatalog;
import dev.ferry.kernel.metadata.MetadataStore;
import dev.ferry.kernel.retention.CleanupPolicies;
import dev.ferry.kernel.topic.TopicConfigValidation;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.config.ConfigChange;
import dev.ferry.services.config.ConfigEntry;
import dev.ferry.services.config.ConfigSource;
import dev.ferry.services.config.ConfigSynonym;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Describes this broker's configs with where each value comes from, and changes its dynamic ones: Kafka's broker
 * keys for topic defaults, per broker or cluster-wide, stored in the metadata store.
 */
final class BrokerConfigs {

    private final BrokerConfigLayers layers;
    private final MetadataStore store;
    private final CleanupPolicies policies;
    private final Runnable onChange;

    /** @param onChange told after the dynamic configs changed, to apply the new topic defaults */
    BrokerConfigs(BrokerConfigLayers layers, MetadataStore store, CleanupPolicies policies, Runnable onChange) {
        this.layers = layers;
        this.store = store;
        this.policies = policies;
        this.onChange = onChange;
    }

    /** This broker's every key, or for the cluster default its dynamic keys alone, as Kafka answers. */
    List<ConfigEntry> describe(String resource) {
        checkResource(resource);
        boolean clusterDefault = resource.equals(BrokerConfigLayers.CLUSTER_DEFAULT);
        var keys = clusterDefault ? new TreeSet<>(layers.dynamic(resource).keySet()) : layers.keys();
        return keys.stream().map(key -> entry(key, clusterDefault)).toList();
    }

    private ConfigEntry entry(String key, boolean clusterDefault) {
        List<ConfigSynonym> synonyms = layers.synonyms(key).stream()
                .filter(synonym -> !clusterDefault || synonym.source() != ConfigSource.DYNAMIC_BROKER_CONFIG)
                .toList();
        ConfigSynonym effective = synonyms.isEmpty()
                ? new ConfigSynonym(key, null, ConfigSource.DEFAULT_CONFIG)
                : synonyms.get(0);
        return new ConfigEntry(key, effective.value(), effective.source(), !BrokerConfigLayers.isDynamic(key), false,
                layers.type(key), layers.documentation(key), synonyms);
    }

    /** Changes under the layers' lock, which topic changes take too. */
    void alter(String resource, List<ConfigChange> changes, boolean validateOnly) {
        synchronized (layers) {
            checkResource(resource);
            Map<String, String> configs = ConfigChanges.apply(layers.dynamic(resource), changes, key -> TopicConfigCatalog
                    .byBrokerKey(key).map(k -> new ConfigChanges.TypedKey(k.type(), k.defaultValue())));
            replace(resource, configs, validateOnly);
        }
    }

    void replace(String resource, Map<String, String> configs, boolean validateOnly) {
        synchronized (layers) {
            replaceLocked(resource, configs, validateOnly);
        }
    }

    private void replaceLocked(String resource, Map<String, String> configs, boolean validateOnly) {
        checkResource(resource);
        for (String key : configs.keySet()) {
            if (!layers.isKnown(key)) {
                throw new BrokerException(BrokerError.INVALID_CONFIG, "Unknown broker config name: " + key);
            }
        }
        List<String> staticKeys = configs.keySet().stream().filter(key -> !BrokerConfigLayers.isDynamic(key))
                .sorted().toList();
        if (!staticKeys.isEmpty()) {
            throw new BrokerException(BrokerError.INVALID_REQUEST, "Cannot update these configs dynamically: Set("
                    + String.join(", ", staticKeys) + ")");
        }
        configs.forEach((key, value) -> TopicConfigValidation.validateValue(key, value, policies));
        if (validateOnly) {
            return;
        }
        try {
            store.setBrokerConfigs(resource, configs);
        } catch (IOException e) {
            throw new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "Cannot store the broker configs", e);
        }
        layers.setDynamic(resource, configs);
        onChange.run();
    }

    private void checkResource(String resource) {
        if (!resource.equals(BrokerConfigLayers.CLUSTER_DEFAULT) && !resource.equals(layers.nodeId())) {
            throw new BrokerException(BrokerError.INVALID_REQUEST, "Broker " + resource
                    + " is not this broker (" + layers.nodeId() + "): a single node serves its own configs only");
        }
    }
}
