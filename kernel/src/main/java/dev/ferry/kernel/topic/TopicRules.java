package dev.ferry.kernel.topic;

import dev.ferry.kernel.configs.TopicConfigValidation;
import dev.ferry.kernel.retention.RetentionPolicies;
import dev.ferry.spi.broker.BrokerError;
import dev.ferry.spi.broker.BrokerException;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/** Kafka's rules for topic names and topic configs. */
final class TopicRules {

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

    /** Checks a topic's config overrides: every key and value, as Kafka does (see {@link TopicConfigValidation}). */
    static void validateConfigs(Map<String, String> configs, RetentionPolicies policies) {
        TopicConfigValidation.validate(configs, policies);
    }
}
