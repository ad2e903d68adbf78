package dev.ferry.kernel.config.dynamic;

import com.typesafe.config.Config;
import dev.ferry.kernel.config.TopicConfigDefaults;
import dev.ferry.kernel.metadata.MetadataStore;
import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.kernel.retention.CleanupPolicies;
import dev.ferry.kernel.topic.TopicRegistry;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.config.ConfigChange;
import dev.ferry.services.config.ConfigEntry;
import dev.ferry.services.config.Configs;
import java.util.List;
import java.util.Map;

/**
 * The configs of this broker's topics and of the broker itself. A topic's overrides live in the topic registry;
 * dynamic broker configs in the metadata store, and a change to them reaches every topic without its own override.
 */
public final class LocalConfigs implements Configs {

    private final TopicConfigs topicConfigs;
    private final BrokerConfigs brokerConfigs;

    private LocalConfigs(TopicConfigs topicConfigs, BrokerConfigs brokerConfigs) {
        this.topicConfigs = topicConfigs;
        this.brokerConfigs = brokerConfigs;
    }

    /**
     * Loads the stored dynamic broker configs and applies them to the open topics.
     *
     * @param complete the configuration the broker runs with
     * @param reference the modules' defaults, to tell the operator's settings from them
     */
    public static LocalConfigs start(Config complete, Config reference, int nodeId, MetadataStore store,
                                     TopicRegistry topics, PartitionManager partitions,
                                     TopicConfigDefaults topicDefaults, CleanupPolicies policies) {
        BrokerConfigLayers layers = new BrokerConfigLayers(complete, reference, Integer.toString(nodeId),
                store.image().brokerConfigs());
        Runnable applyDefaults = () -> {
            topicDefaults.setDynamic(layers.dynamicTopicDefaults());
            for (TopicDescription topic : topics.list()) {
                partitions.reconfigure(topic);
            }
        };
        if (!layers.dynamicTopicDefaults().isEmpty()) {
            // the topics opened with the static defaults: only stored dynamic ones change anything
            applyDefaults.run();
        }
        return new LocalConfigs(new TopicConfigs(topics, layers, policies),
                new BrokerConfigs(layers, store, policies, applyDefaults));
    }

    @Override
    public List<ConfigEntry> describeTopic(String topic) {
        return topicConfigs.describe(topic);
    }

    @Override
    public List<ConfigEntry> describeBroker(String broker) {
        return brokerConfigs.describe(broker);
    }

    @Override
    public void alterTopic(String topic, List<ConfigChange> changes, boolean validateOnly) {
        topicConfigs.alter(topic, changes, validateOnly);
    }

    @Override
    public void replaceTopic(String topic, Map<String, String> overrides, boolean validateOnly) {
        topicConfigs.replace(topic, overrides, validateOnly);
    }

    @Override
    public void alterBroker(String broker, List<ConfigChange> changes, boolean validateOnly) {
        brokerConfigs.alter(broker, changes, validateOnly);
    }

    @Override
    public void replaceBroker(String broker, Map<String, String> configs, boolean validateOnly) {
        brokerConfigs.replace(broker, configs, validateOnly);
    }
}
