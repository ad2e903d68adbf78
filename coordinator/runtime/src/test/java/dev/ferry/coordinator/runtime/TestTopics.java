package dev.ferry.coordinator.runtime;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.NewTopic;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.broker.Topics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** The cluster's topics for a test: a map of topic descriptions the test edits. */
public final class TestTopics implements Topics {

    private final Map<String, TopicDescription> topics = new TreeMap<>();

    public TestTopics with(String name, int partitions) {
        topics.put(name, new TopicDescription(name, UUID.randomUUID(), partitions, 1, Map.of()));
        return this;
    }

    public void addPartitions(String name, int partitions) {
        TopicDescription topic = topics.get(name);
        topics.put(name, new TopicDescription(name, topic.topicId(), partitions, 1, Map.of()));
    }

    @Override
    public Collection<TopicDescription> list() {
        return List.copyOf(topics.values());
    }

    @Override
    public Optional<TopicDescription> describe(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    @Override
    public Optional<TopicDescription> describe(UUID topicId) {
        return topics.values().stream().filter(topic -> topic.topicId().equals(topicId)).findFirst();
    }

    @Override
    public TopicDescription create(NewTopic topic, boolean validateOnly) {
        if (topics.containsKey(topic.name())) {
            throw new BrokerException(BrokerError.TOPIC_ALREADY_EXISTS, topic.name());
        }
        if (!validateOnly) {
            with(topic.name(), topic.partitions().orElse(1));
        }
        return topics.get(topic.name());
    }

    @Override
    public TopicDescription delete(String name) {
        TopicDescription removed = topics.remove(name);
        if (removed == null) {
            throw new BrokerException(BrokerError.UNKNOWN_TOPIC_OR_PARTITION, name);
        }
        return removed;
    }

    @Override
    public TopicDescription createPartitions(String name, int totalCount, boolean validateOnly) {
        TopicDescription current = describe(name).orElseThrow();
        TopicDescription grown = new TopicDescription(name, current.topicId(), totalCount,
                current.replicationFactor(), current.configs());
        if (!validateOnly) {
            topics.put(name, grown);
        }
        return grown;
    }

    @Override
    public boolean autoCreateEnabled() {
        return false;
    }
}
