package dev.ferry.services.broker;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/** The topics of the cluster. */
public interface Topics {

    Collection<TopicDescription> list();

    Optional<TopicDescription> describe(String name);

    Optional<TopicDescription> describe(UUID topicId);

    /**
     * Creates a topic and its empty partition logs.
     *
     * @param validateOnly check the request as for a real creation but create nothing
     * @throws BrokerException {@link BrokerError#TOPIC_ALREADY_EXISTS}, {@link BrokerError#INVALID_TOPIC},
     *     {@link BrokerError#INVALID_PARTITIONS}, {@link BrokerError#INVALID_REPLICATION_FACTOR} or
     *     {@link BrokerError#INVALID_CONFIG}
     */
    TopicDescription create(NewTopic topic, boolean validateOnly);

    /**
     * Deletes a topic: it disappears from the cluster at once and its partition logs are closed before this
     * returns; the storage engine may remove their files later. A topic of the same name can be created at once.
     *
     * @return the topic as it was
     * @throws BrokerException {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION} when no topic has that name,
     *     {@link BrokerError#INVALID_TOPIC} for an internal topic such as {@code __consumer_offsets}
     */
    TopicDescription delete(String name);

    /**
     * Grows a topic to {@code totalCount} partitions (Kafka's CreatePartitions); the new partitions start empty.
     *
     * @param validateOnly check the request as for a real change but change nothing
     * @return the topic as it is afterwards
     * @throws BrokerException {@link BrokerError#UNKNOWN_TOPIC_OR_PARTITION}, {@link BrokerError#INVALID_PARTITIONS}
     *     when {@code totalCount} is not larger than the current count, {@link BrokerError#INVALID_TOPIC} for an
     *     internal topic
     */
    TopicDescription createPartitions(String name, int totalCount, boolean validateOnly);

    /**
     * Whether a client that asks for a missing topic should get it created with the broker's defaults
     * ({@code auto.create.topics.enable}).
     */
    boolean autoCreateEnabled();
}
