package dev.ferry.kernel.topic;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades the broker's own topics in place at start: a data directory of an earlier version, whose internal topics
 * were not compacted, gets the configs Kafka gives them.
 */
public final class InternalTopicUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(InternalTopicUpgrade.class);

    private InternalTopicUpgrade() {
    }

    /** Gives an internal topic that exists these configs, replacing its overrides, when it has others. */
    public static void apply(TopicRegistry topics, String name, Map<String, String> configs) {
        topics.describe(name).filter(topic -> !topic.configs().equals(configs)).ifPresent(topic -> {
            LOG.info("Changing the configs of {} from {} to {}", name, topic.configs(), configs);
            topics.setConfigs(name, configs);
        });
    }
}
