package dev.ferry.kernel.topic;

import dev.ferry.kernel.config.TopicConfigDefaults;
import dev.ferry.kernel.retention.RetentionPolicies;
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

    /** Checks a topic's config overrides: Kafka's keys or a policy's, numbers where numbers belong, known policies. */
    static void validateConfigs(Map<String, String> configs, RetentionPolicies policies) {
        // the policy first: a missing policy plugin is also why its own keys are unknown
        String cleanupPolicy = configs.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (cleanupPolicy != null && !policies.unknownNames(cleanupPolicy).isEmpty()) {
            throw new BrokerException(BrokerError.INVALID_CONFIG, "Invalid value " + cleanupPolicy + " for configuration "
                    + TopicConfig.CLEANUP_POLICY_CONFIG + ": no installed retention policy is named "
                    + policies.unknownNames(cleanupPolicy) + "; installed: " + policies.names()
                    + ". Add the plugin that provides it to the broker's plugins folder.");
        }
        Set<String> policyKeys = policies.extraTopicConfigKeys();
        for (Map.Entry<String, String> config : configs.entrySet()) {
            String key = config.getKey();
            if (!TOPIC_CONFIG_KEYS.contains(key) && !policyKeys.contains(key)) {
                throw new BrokerException(BrokerError.INVALID_CONFIG, "Unknown topic config name: " + key);
            }
            if (config.getValue() == null) {
                throw new BrokerException(BrokerError.INVALID_CONFIG, "Null value for topic config " + key);
            }
            if (TopicConfigDefaults.isNumeric(key)) {
                validateNumber(key, config.getValue());
            }
        }
    }

    private static void validateNumber(String key, String value) {
        long minimum = TopicConfigDefaults.minimum(key);
        try {
            if (Long.parseLong(value.trim()) >= minimum) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BrokerException(BrokerError.INVALID_CONFIG, "Invalid value " + value + " for configuration " + key
                + ": must be a whole number of at least " + minimum);
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
