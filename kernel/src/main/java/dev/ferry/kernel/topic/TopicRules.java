package dev.ferry.kernel.topic;

import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/** Kafka's rules for topic names and topic configuration keys. */
final class TopicRules {

    /** Every topic config key Kafka defines: the {@code *_CONFIG} constants of {@link TopicConfig}. */
    static final Set<String> TOPIC_CONFIG_KEYS = topicConfigKeys();

    private TopicRules() {
    }

    static void validateName(String name, Collection<String> existing) {
        try {
            Topic.validate(name);
        } catch (InvalidTopicException e) {
            throw new BrokerException(BrokerError.INVALID_TOPIC, e.getMessage());
        }
        for (String other : existing) {
            if (!other.equals(name) && Topic.hasCollision(name, other)) {
                throw new BrokerException(BrokerError.INVALID_TOPIC, "Topic '" + name
                        + "' collides with existing topic '" + other + "': '.' and '_' may not both be used");
            }
        }
    }

    static void validateConfigs(Map<String, String> configs) {
        for (Map.Entry<String, String> config : configs.entrySet()) {
            if (!TOPIC_CONFIG_KEYS.contains(config.getKey())) {
                throw new BrokerException(BrokerError.INVALID_CONFIG, "Unknown topic config name: " + config.getKey());
            }
            if (config.getValue() == null) {
                throw new BrokerException(BrokerError.INVALID_CONFIG, "Null value for topic config " + config.getKey());
            }
        }
        String maxMessageBytes = configs.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        if (maxMessageBytes != null) {
            try {
                if (Integer.parseInt(maxMessageBytes.trim()) < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new BrokerException(BrokerError.INVALID_CONFIG, "Invalid value " + maxMessageBytes
                        + " for configuration " + TopicConfig.MAX_MESSAGE_BYTES_CONFIG + ": must be a non-negative int");
            }
        }
    }

    private static Set<String> topicConfigKeys() {
        Set<String> keys = new TreeSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_CONFIG")) {
                try {
                    keys.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(keys);
    }
}
