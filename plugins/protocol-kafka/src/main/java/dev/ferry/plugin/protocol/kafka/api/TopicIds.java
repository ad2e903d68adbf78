package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.broker.Topics;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.Uuid;

/** Converts topic ids between the broker's {@link UUID} and Kafka's {@link Uuid}, and looks topics up by either. */
final class TopicIds {

    private TopicIds() {
    }

    static Uuid toKafka(UUID id) {
        return id == null ? Uuid.ZERO_UUID : new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    static UUID toBroker(Uuid id) {
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    /** The topic with that id; empty for an unknown id and for the zero id, which names no topic. */
    static Optional<TopicDescription> describe(Topics topics, Uuid id) {
        if (id == null || Uuid.ZERO_UUID.equals(id)) {
            return Optional.empty();
        }
        return topics.describe(toBroker(id));
    }

    /** The name of the topic with that id, as {@link #describe(Topics, Uuid)} finds it. */
    static Optional<String> name(Topics topics, Uuid id) {
        return describe(topics, id).map(TopicDescription::name);
    }

    /** The id of the topic of that name; empty for an unknown topic. */
    static Optional<Uuid> id(Topics topics, String name) {
        return topics.describe(name).map(topic -> toKafka(topic.topicId()));
    }
}
