package dev.ferry.coordinator.group.classic;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;

/** Reads the topics out of the member metadata of consumers ({@code protocolType = "consumer"}). */
final class ConsumerSubscriptions {

    private ConsumerSubscriptions() {
    }

    /**
     * The union of the members' subscriptions, or empty when some metadata does not parse. Each is read as version
     * 0 of the consumer protocol, the prefix of every later version, as Kafka does.
     */
    static Optional<Set<String>> topics(Collection<byte[]> membersMetadata) {
        Set<String> topics = new HashSet<>();
        try {
            for (byte[] metadata : membersMetadata) {
                ByteBuffer buffer = ByteBuffer.wrap(metadata);
                ConsumerProtocol.deserializeVersion(buffer);
                topics.addAll(ConsumerProtocol.deserializeSubscription(buffer, (short) 0).topics());
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.of(topics);
    }
}
