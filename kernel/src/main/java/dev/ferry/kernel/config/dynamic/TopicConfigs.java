package dev.ferry.kernel.config.dynamic;

import dev.ferry.kernel.config.TopicConfigCatalog;
import dev.ferry.kernel.config.TopicConfigKey;
import dev.ferry.kernel.retention.CleanupPolicies;
import dev.ferry.kernel.topic.TopicConfigValidation;
import dev.ferry.kernel.topic.TopicRegistry;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.config.ConfigChange;
import dev.ferry.services.config.ConfigEntry;
import dev.ferry.services.config.ConfigSource;
import dev.ferry.services.config.ConfigSynonym;
import dev.ferry.services.config.ConfigType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Describes a topic's configs with where each value comes from, and changes its overrides. */
final class TopicConfigs {

    private final TopicRegistry topics;
    private final BrokerConfigLayers brokerLayers;
    private final CleanupPolicies policies;

    TopicConfigs(TopicRegistry topics, BrokerConfigLayers brokerLayers, CleanupPolicies policies) {
        this.topics = topics;
        this.brokerLayers = brokerLayers;
        this.policies = policies;
    }

    List<ConfigEntry> describe(String name) {
        Map<String, String> overrides = topic(name).configs();
        Map<String, ConfigEntry> entries = new TreeMap<>();
        for (TopicConfigKey key : TopicConfigCatalog.keys()) {
            entries.put(key.name(), entry(key, overrides.get(key.name())));
        }
        // a retention policy's own keys, which only overrides set
        overrides.forEach((key, value) -> entries.computeIfAbsent(key, k -> new ConfigEntry(k, value,
                ConfigSource.DYNAMIC_TOPIC_CONFIG, false, false, ConfigType.STRING, null,
                List.of(new ConfigSynonym(k, value, ConfigSource.DYNAMIC_TOPIC_CONFIG)))));
        return List.copyOf(entries.values());
    }

    private ConfigEntry entry(TopicConfigKey key, String override) {
        List<ConfigSynonym> synonyms = new ArrayList<>();
        if (override != null) {
            synonyms.add(new ConfigSynonym(key.name(), override, ConfigSource.DYNAMIC_TOPIC_CONFIG));
        }
        key.brokerKey().ifPresent(brokerKey -> synonyms.addAll(brokerLayers.synonyms(brokerKey)));
        ConfigSynonym effective = synonyms.isEmpty()
                ? new ConfigSynonym(key.name(), key.defaultValue(), ConfigSource.DEFAULT_CONFIG)
                : synonyms.get(0);
        return new ConfigEntry(key.name(), effective.value(), effective.source(), false, false, key.type(),
                key.documentation(), synonyms);
    }

    /** Changes under the broker layers' lock, so that no change of the broker defaults reapplies a stale topic. */
    void alter(String name, List<ConfigChange> changes, boolean validateOnly) {
        synchronized (brokerLayers) {
            Map<String, String> overrides = ConfigChanges.apply(topic(name).configs(), changes, key ->
                    TopicConfigCatalog.key(key).map(k -> new ConfigChanges.TypedKey(k.type(), k.defaultValue())));
            replace(name, overrides, validateOnly);
        }
    }

    void replace(String name, Map<String, String> overrides, boolean validateOnly) {
        synchronized (brokerLayers) {
            topic(name);
            TopicConfigValidation.validate(overrides, policies);
            if (!validateOnly) {
                topics.setConfigs(name, overrides);
            }
        }
    }

    private TopicDescription topic(String name) {
        Optional<TopicDescription> topic = topics.describe(name);
        return topic.orElseThrow(() -> new BrokerException(BrokerError.UNKNOWN_TOPIC_OR_PARTITION,
                "The topic '" + name + "' does not exist."));
    }
}
