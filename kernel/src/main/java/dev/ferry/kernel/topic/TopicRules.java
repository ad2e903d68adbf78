package dev.ferry.kernel.topic;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import java.util.Collection;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/** Kafka's rules for topic names. */
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
}
