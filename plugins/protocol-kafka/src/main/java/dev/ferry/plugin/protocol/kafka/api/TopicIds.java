package dev.ferry.plugin.protocol.kafka.api;

import java.util.UUID;
import org.apache.kafka.common.Uuid;

/** Converts topic ids between the broker's {@link UUID} and Kafka's {@link Uuid}. */
final class TopicIds {

    private TopicIds() {
    }

    static Uuid toKafka(UUID id) {
        return id == null ? Uuid.ZERO_UUID : new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    static UUID toBroker(Uuid id) {
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
