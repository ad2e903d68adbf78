package dev.ferry.coordinator.group.records;

import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.broker.Topics;
import java.util.Optional;
import java.util.UUID;

/**
 * The topics' ids by name and back, as the cluster knows them now. Consumer-group records name a topic by its id, as
 * Kafka's do, so that a topic deleted and created again under the same name is another topic.
 */
public interface TopicIds {

    /** The id of the topic; empty when no such topic exists. */
    Optional<UUID> id(String topic);

    /** The name of the topic with this id; empty when none has it, as for a deleted topic. */
    Optional<String> name(UUID topicId);

    /** The ids of the broker's topics. */
    static TopicIds of(Topics topics) {
        return new TopicIds() {
            @Override
            public Optional<UUID> id(String topic) {
                return topics.describe(topic).map(TopicDescription::topicId);
            }

            @Override
            public Optional<String> name(UUID topicId) {
                return topics.describe(topicId).map(TopicDescription::name);
            }
        };
    }
}
